/** Shrinkers of reclaimable kernel caches (mm/shrinker.c) and the list_lru they scan (mm/list_lru.c). */
package org.mmsim.mm.shrinker;
