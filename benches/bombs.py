#!/usr/bin/env python3
"""Picture bombs (issue 17, item 4): `python3 benches/bombs.py` writes each
into a folder of its own with an outline that uses it, builds it with the
release binary and prints the exit status, the error and the peak memory
(`/usr/bin/time -f %M`). Standard library only; about a minute."""

import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, depth, colour, channels, extra=b""):
    """A real PNG of zeros (black, transparent), packed row by row."""
    row = b"\0" + bytes(width * channels * depth // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def icc_bomb(unpacked_mib):
    """A 64x64 PNG whose colour profile unpacks to `unpacked_mib` MiB."""
    packer = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    packed = b"".join(packer.compress(block) for _ in range(unpacked_mib)) + packer.flush()
    return png(64, 64, 8, 2, 3, chunk(b"iCCP", b"bomb\0\0" + packed))


def bombs():
    yield "a 12000x12000 RGBA PNG", {"rgba.png": png(12000, 12000, 8, 6, 4)}
    deep = png(20000, 20000, 16, 6, 4)
    yield "two PNGs that decode to 3.2 GB each", {"deep-1.png": deep, "deep-2.png": deep}
    yield "a 64x64 PNG, colour profile packed to 400 KB", {"icc-400k.png": icc_bomb(400)}
    yield "a 64x64 PNG, colour profile packed to 2 MB", {"icc-2m.png": icc_bomb(2000)}


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    deckhand = ROOT / "target/release/deckhand"
    print("| picture | file size | command | exit | peak memory | message |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for n, (what, files) in enumerate(bombs()):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            lines = ["title: Bomb", "sections:", "  - title: S", "    blocks:"]
            for name, data in files.items():
                (folder / name).write_bytes(data)
                lines += ["      - scene:", f"          film: {name}", f"          still: {name}"]
            (folder / "bomb.yaml").write_text("\n".join(lines) + "\n")
            size = max(len(data) for data in files.values()) / 1e6
            for command in ("check", "build"):
                args = [deckhand, command, folder / "bomb.yaml", "--no-cache"]
                if command == "check":
                    args.pop()
                else:
                    args += ["-o", folder / "out"]
                result = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, args)],
                                        capture_output=True, text=True)
                lines = result.stderr.strip().splitlines()
                peak = int(lines[-1]) / 1024
                message = next((l.split("error: ", 1)[1] for l in lines if "error: " in l), "")
                print(f"| {what} | {size:.1f} MB | `{command}` | {result.returncode} "
                      f"| {peak:.0f} MB | {message} |")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
