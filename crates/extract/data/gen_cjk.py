#!/usr/bin/env python3
"""Regenerates data/cjk.bin.z: the predefined CJK CMaps and CID -> Unicode tables.

usage: python3 crates/extract/data/gen_cjk.py CMAP_RESOURCES_CHECKOUT
where the checkout is Adobe's cmap-resources (BSD-3-Clause, see SOURCE.md). Output is
deterministic. Format (then zlib level 9); v = LEB128 varint, z = zigzag varint:
  b"DKCJK2"
  v collections; each: v name length, name ("Japan1"...), v runs, runs of
     (v CID gap after the previous run, v count, z first code point minus the previous
     run's last): CID -> Unicode
  v cmaps; each: v name length, name, v wmode, v collection index, v parent + 1 (the
     `usecmap` parent, an index into this list, 0 for none), v codespaces, each
     (v bytes, lo[bytes], hi[bytes]), v ranges, each (z lo minus the previous range's
     hi, v hi minus lo, z first CID minus the previous range's last CID).
"""
import os, re, struct, sys, unicodedata, zlib

# ISO 32000-1 Table 118, "Predefined CJK CMap names" (the Uni*-UCS2/UTF16 ones included:
# the code is then Unicode, and the CMap gives the CID that /W widths are keyed by).
PREDEFINED = {
    "GB1": "GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V "
           "GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V",
    "CNS1": "B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V "
            "CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V",
    "Japan1": "83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H "
              "Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H "
              "UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V",
    "Korea1": "KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V "
              "KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V",
}
# The cid2code.txt column giving each CID's Unicode value.
UNICODE_COLUMN = {"GB1": "UniGB-UTF32", "CNS1": "UniCNS-UTF32", "Japan1": "UniJIS-UTF32",
                  "Korea1": "UniKS-UTF32"}

root = sys.argv[1]
dirs = {}
for d in os.listdir(root):
    m = re.fullmatch(r"Adobe-(GB1|CNS1|Japan1|Korea1)-\d+", d)
    if m:
        dirs[m.group(1)] = os.path.join(root, d)

def cid_to_unicode(coll):
    rows = open(os.path.join(dirs[coll], "cid2code.txt"), encoding="latin-1").read().splitlines()
    header = next(r for r in rows if r.startswith("CID\t")).split("\t")
    # The collection's main UTF-32 column first; CIDs it leaves out (half-width forms,
    # JIS2004 additions) from the other UTF-32 columns, then the UCS-2 ones. UTF-8 and
    # UTF-16 columns hold encoded bytes, not code points.
    main = header.index(UNICODE_COLUMN[coll])
    others = [i for i, h in enumerate(header) if h.startswith("Uni") and h.endswith("UTF32") and i != main]
    others += [i for i, h in enumerate(header) if h.startswith("Uni") and "UCS2" in h]
    pairs = []
    for r in rows:
        if r.startswith("#") or r.startswith("CID\t") or not r.strip():
            continue
        f = r.split("\t")
        v = next((f[i] for i in [main] + others if f[i] != "*"), None)
        if v is None:
            continue
        # Alternatives are comma-separated; "v" marks a vertical form of the same
        # character. Prefer a character that NFKC leaves alone (an ideograph over the
        # Kangxi radical or compatibility ideograph that looks the same).
        plain = [int(x, 16) for x in v.split(",") if not x.endswith("v")]
        alts = plain or [int(x.rstrip("v"), 16) for x in v.split(",")]
        normal = [c for c in alts if unicodedata.normalize("NFKC", chr(c)) == chr(c)]
        pairs.append((int(f[0]), (normal or alts)[0]))
    pairs.sort()
    runs = []
    for cid, cp in pairs:
        if runs and runs[-1][0] + runs[-1][1] == cid and runs[-1][2] + runs[-1][1] == cp and runs[-1][1] < 0xFFFF:
            runs[-1][1] += 1
        else:
            runs.append([cid, 1, cp])
    return runs

TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|/([^\s/<>\[\]()]+)|(-?\d+)|([A-Za-z]+)")

def parse_cmap(coll, name, seen=(), resolve=True):
    data = open(os.path.join(dirs[coll], "CMap", name), "rb").read()
    data = re.sub(rb"%[^\n]*", b"", data)
    wmode, codespace, ranges, uses = 0, [], [], None
    toks = [m for m in TOKEN.finditer(data)]
    stack = []
    for m in toks:
        hexs, nm, num, kw = m.groups()
        if hexs is not None:
            stack.append(bytes.fromhex(hexs.decode()))
        elif nm is not None:
            stack.append(("name", nm.decode()))
        elif num is not None:
            stack.append(int(num))
        else:
            kw = kw.decode()
            if kw == "usecmap":
                parent = stack[-1][1]
                if resolve:
                    pw, pcs, pr = parse_cmap(coll, parent, seen + (name,))
                    codespace += pcs
                    ranges += pr
                else:
                    uses = parent
            elif kw == "def" and len(stack) >= 2 and stack[-2] == ("name", "WMode"):
                wmode = stack[-1]
            elif kw == "endcodespacerange":
                items = [x for x in stack if isinstance(x, bytes)]
                codespace += [(items[i], items[i + 1]) for i in range(0, len(items) - 1, 2)]
            elif kw == "endcidrange":
                i = 0
                items = stack
                while i + 2 < len(items) + 0 and i + 2 <= len(items) - 1:
                    lo, hi, cid = items[i], items[i + 1], items[i + 2]
                    if isinstance(lo, bytes) and isinstance(hi, bytes) and isinstance(cid, int):
                        ranges.append((int.from_bytes(lo, "big"), int.from_bytes(hi, "big"), cid, len(lo)))
                        i += 3
                    else:
                        i += 1
            elif kw == "endcidchar":
                items = stack
                i = 0
                while i + 1 <= len(items) - 1:
                    src, cid = items[i], items[i + 1]
                    if isinstance(src, bytes) and isinstance(cid, int):
                        c = int.from_bytes(src, "big")
                        ranges.append((c, c, cid, len(src)))
                        i += 2
                    else:
                        i += 1
            stack = []
    return (wmode, codespace, ranges) if resolve else (wmode, codespace, ranges, uses)

def v(n):
    assert n >= 0
    b = bytearray()
    while True:
        if n < 0x80:
            b.append(n)
            return bytes(b)
        b.append((n & 0x7F) | 0x80)
        n >>= 7

def z(n):
    return v(n * 2 if n >= 0 else -n * 2 - 1)

def name_bytes(s):
    return v(len(s)) + s.encode()

out = bytearray(b"DKCJK2")
colls = sorted(PREDEFINED)
out += v(len(colls))
for c in colls:
    runs = cid_to_unicode(c)
    out += name_bytes(c) + v(len(runs))
    prev_cid, prev_cp = 0, 0
    for cid, n, cp in runs:
        out += v(cid - prev_cid) + v(n) + z(cp - prev_cp)
        prev_cid, prev_cp = cid + n, cp + n - 1
# The Uni*-UCS2/UTF16 maps are left out (they are the inverse of the CID -> Unicode table
# and would triple the size): their codes are Unicode, and the CID comes from that table.
names = sorted((n, ci) for ci, c in enumerate(colls) for n in PREDEFINED[c].split()
               if not n.startswith("Uni"))
index = {n: i for i, (n, _) in enumerate(names)}
out += v(len(names))
for name, ci in names:
    wmode, cs, ranges, uses = parse_cmap(colls[ci], name, resolve=False)
    parent = index[uses] + 1 if uses else 0
    assert not uses or uses in index, (name, uses)
    out += name_bytes(name) + v(wmode) + v(ci) + v(parent) + v(len(cs))
    for lo, hi in cs:
        out += v(len(lo)) + lo + hi
    # Order kept: later definitions override earlier ones.
    out += v(len(ranges))
    prev_hi, prev_cid = 0, 0
    for lo, hi, cid, _ in ranges:
        out += z(lo - prev_hi) + v(hi - lo) + z(cid - prev_cid)
        prev_hi, prev_cid = hi, cid + (hi - lo)
dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cjk.bin.z")
open(dest, "wb").write(zlib.compress(bytes(out), 9))
print(f"{dest}: {len(out)} bytes, {os.path.getsize(dest)} compressed, {len(names)} CMaps")
