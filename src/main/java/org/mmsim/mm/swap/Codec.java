/*
 * The compressors zswap and zram offer (the crypto API's "lzo", "lz4", "zstd" as crypto_alloc_acomp
 * finds them), as io.airlift:aircompressor's pure-Java codecs. Left out: lzo-rle, 842, deflate,
 * lz4hc (no pure-Java implementation here).
 */
package org.mmsim.mm.swap;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

record Codec(String name, Compressor compressor, Decompressor decompressor) {
    /** A fresh codec by its crypto name, or null when there is none by that name. */
    static Codec named(String name) {
        switch (name) {
            case "lzo":
                return new Codec(name, new LzoCompressor(), new LzoDecompressor());
            case "lz4":
                return new Codec(name, new Lz4Compressor(), new Lz4Decompressor());
            case "zstd":
                return new Codec(name, new ZstdCompressor(), new ZstdDecompressor());
            default:
                return null;
        }
    }
}
