#!/usr/bin/env python3
"""Writes the image data sets gnlens ships in public/data (run once; the app never needs the
Debian packages at run time). Standard library only.

Sources (Debian packages, no network):
  * Fashion-MNIST, package `dataset-fashion-mnist` (MIT licence, Zalando Research):
    /usr/share/datasets/fashion-mnist/train-{images-idx3,labels-idx1}-ubyte.gz
  * the 8×8 handwritten digits (UCI ML hand-written digits, CC BY 4.0), as shipped by
    `python3-sklearn`: /usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz

Selection: the first images of the training split in file order (Fashion-MNIST: 2000 of
60000; digits: all 1797), pixels unchanged (uint8: 0-255 and 0-16). Output layout of each .bin:
count images of rows x cols bytes, row-major, image after image, then count label bytes.
src/core/data/images.ts (IMAGE_DATASETS) must match the counts and shapes written here.

Usage: apt-get install -y dataset-fashion-mnist python3-sklearn && python3 scripts/make_datasets.py
"""
import csv
import gzip
import hashlib
import io
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "public", "data")
FASHION = "/usr/share/datasets/fashion-mnist"
DIGITS = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
FASHION_COUNT = 2000


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    return dims, data[4 + 4 * ndim :]


def fashion():
    dims, pixels = read_idx(os.path.join(FASHION, "train-images-idx3-ubyte.gz"))
    ldims, labels = read_idx(os.path.join(FASHION, "train-labels-idx1-ubyte.gz"))
    assert dims[1:] == (28, 28) and ldims[0] == dims[0], (dims, ldims)
    n = FASHION_COUNT
    return pixels[: n * 28 * 28] + labels[:n]


def digits():
    with gzip.open(DIGITS, "rt") as f:
        rows = [r for r in csv.reader(io.StringIO(f.read())) if r]
    assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
    pixels = bytes(int(float(v)) for r in rows for v in r[:64])
    labels = bytes(int(float(r[64])) for r in rows)
    assert max(pixels) <= 16 and max(labels) <= 9
    return pixels + labels


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in (("fashion-mnist-train-2000.bin", fashion), ("digits-8x8-1797.bin", digits)):
        data = make()
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}", file=sys.stderr)


if __name__ == "__main__":
    main()
