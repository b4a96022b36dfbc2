#!/usr/bin/env python3
"""Rebuilds iban.tsv and e164.tsv from two documented, permissively licensed packages.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install phonenumbers==9.0.43 schwifty==2026.10.1
    /tmp/v/bin/python crates/redact/data/build_tables.py crates/redact/data

See SOURCE.md beside this file for what the columns mean and where the data comes from.
"""
import json
import sys
from importlib import resources
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneMetadata


def iban_rows():
    spec = {}
    registry = resources.files("schwifty") / "iban_registry"
    # generated.json is the SWIFT registry; overwrite.json adds the countries that use
    # IBANs without being in it yet ("aspirational"). Later files win, as in schwifty.
    for name in ("generated.json", "overwrite.json"):
        for cc, entry in json.loads((registry / name).read_text()).items():
            merged = spec.setdefault(cc, {})
            merged.update(entry)
    for cc in sorted(spec):
        e = spec[cc]
        if "iban_length" in e and "bban_spec" in e:
            yield cc, e["iban_length"], e["bban_spec"]


def e164_rows():
    for cc in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        lengths = set()
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[cc]:
            if region == "001":
                md = PhoneMetadata.metadata_for_nongeo_region(cc)
            else:
                md = PhoneMetadata.metadata_for_region(region)
            if md is not None and md.general_desc is not None:
                lengths.update(md.general_desc.possible_length or ())
        if lengths:
            yield cc, sorted(lengths)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    with open(out / "iban.tsv", "w") as f:
        f.write("# country\tiban_length\tbban_spec (SWIFT IBAN registry via schwifty; see SOURCE.md)\n")
        for cc, length, bban in iban_rows():
            f.write(f"{cc}\t{length}\t{bban}\n")
    with open(out / "e164.tsv", "w") as f:
        f.write("# country_code\tnational_number_lengths (libphonenumber metadata via phonenumbers; see SOURCE.md)\n")
        for cc, lengths in e164_rows():
            f.write(f"{cc}\t{','.join(map(str, lengths))}\n")


if __name__ == "__main__":
    main()
