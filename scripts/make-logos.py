"""make-logos.py — draws the kernelspec logos (32x32 and 64x64 PNG) with no image library:
three horizontal "micro-batch" bars on a dark square, the middle one Kafka-green. Re-run after
changing the design: python3 scripts/make-logos.py"""
import struct, zlib, os

def png(size):
    bg, fg, accent = (35, 31, 32), (226, 100, 40), (90, 200, 120)
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = x / size, y / size
            r = 0.18
            # rounded square
            dx = max(abs(u - 0.5) - (0.5 - r), 0); dy = max(abs(v - 0.5) - (0.5 - r), 0)
            inside = dx * dx + dy * dy <= r * r
            c, a = bg, 255 if inside else 0
            for i, (y0, color, w) in enumerate(((0.27, fg, 0.62), (0.47, accent, 0.46), (0.67, fg, 0.30))):
                if inside and y0 <= v < y0 + 0.09 and 0.18 <= u < 0.18 + w:
                    c = color
            row += bytes((*c, a))
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

here = os.path.join(os.path.dirname(__file__), "..", "kernelspec", "dstream")
for s in (32, 64):
    with open(os.path.join(here, f"logo-{s}x{s}.png"), "wb") as f:
        f.write(png(s))
