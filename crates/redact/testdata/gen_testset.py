#!/usr/bin/env python3
"""Generates the redaction test set: slide-like lines with planted personal data and
look-alikes (numbers that must be left alone).

    python3 crates/redact/testdata/gen_testset.py > crates/redact/testdata/lines.jsonl
    python3 crates/redact/testdata/gen_testset.py 2000 7 > /tmp/other.jsonl   # N lines, seed

Standard library only, fixed seed, so the output is reproducible. Every check digit
is computed here, by code independent of the crate's validators (mod 11 for national
numbers, organisation and account numbers, ISO 7064 mod 97 for IBANs, Luhn for cards),
so a bug in either shows up as a miss or a false redaction when the scorer runs.

Each line is a JSON object: {"text": ..., "planted": [{"kind", "value"}],
"lookalikes": [{"what", "value"}]}. Every planted value and look-alike occurs in the
text exactly once. The people, places and numbers are invented.
"""
import json
import random
import sys

SEED = 20261116
R = random.Random(SEED)

FIRST = ["Kari", "Ola", "Ingrid", "Per", "Siri", "Lars", "Nora", "Jonas", "Åse", "Øystein",
         "Marit", "Håkon", "Sigrid", "Bjørn", "Liv", "Eirik", "Ragnhild", "Tor", "Aud", "Kåre"]
LAST = ["Nordmann", "Hansen", "Johansen", "Olsen", "Berg", "Haugen", "Dahl", "Lie", "Strand",
        "Bakken", "Sæther", "Løken", "Ødegård", "Moen", "Aas", "Solberg", "Nilsen", "Halvorsen"]
PLACES = ["Nordvik", "Sørdal", "Vestby", "Austrheim", "Elvebakken", "Fjellstad", "Bråten",
          "Strandvik", "Holmestad", "Åsheim"]
UNITS = ["Plan og bygg", "Oppvekst", "Helse og omsorg", "NAV", "Skatt", "Eiendom",
         "Barnevern", "Kultur", "Vann og avløp", "Økonomi"]


def mod11(digits, weights):
    k = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if k == 11 else (None if k == 10 else k)


K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def national(dnr=False):
    """A fødselsnummer or D-number with a real date and both check digits."""
    while True:
        day = R.randint(1, 28)
        month = R.randint(1, 12)
        year = R.randint(0, 99)
        ind = R.randint(0, 999)
        d = [int(c) for c in f"{day + (40 if dnr else 0):02d}{month:02d}{year:02d}{ind:03d}"]
        k1 = mod11(d, K1)
        if k1 is None:
            continue
        k2 = mod11(d + [k1], K2)
        if k2 is None:
            continue
        return "".join(map(str, d + [k1, k2]))


def passes_national(s):
    d = [int(c) for c in s]
    if len(d) != 11:
        return False
    return mod11(d[:9], K1) == d[9] and mod11(d[:10], K2) == d[10]


def broken_national():
    """Eleven digits shaped like an fnr whose check digits fail."""
    while True:
        s = national()
        s = s[:10] + str((int(s[10]) + R.randint(1, 9)) % 10)
        if not passes_national(s):
            return s


def luhn_digit(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        x = int(c)
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return str((10 - total % 10) % 10)


def card():
    brand = R.choice(["visa", "mc", "mc2", "amex", "disc"])
    if brand == "visa":
        body = "4" + "".join(R.choice("0123456789") for _ in range(14))
    elif brand == "mc":
        body = str(R.randint(51, 55)) + "".join(R.choice("0123456789") for _ in range(13))
    elif brand == "mc2":
        body = str(R.randint(2221, 2720)) + "".join(R.choice("0123456789") for _ in range(11))
    elif brand == "amex":
        body = R.choice(["34", "37"]) + "".join(R.choice("0123456789") for _ in range(12))
    else:
        body = "6011" + "".join(R.choice("0123456789") for _ in range(11))
    number = body + luhn_digit(body)
    style = R.choice(["space", "dash", "compact"])
    if style == "compact":
        return number
    sep = " " if style == "space" else "-"
    if len(number) == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i:i + 4] for i in range(0, 16, 4))


def broken_card():
    while True:
        c = card()
        digits = "".join(ch for ch in c if ch.isdigit())
        last = str((int(digits[-1]) + R.randint(1, 9)) % 10)
        bad = c[:-1] + last
        d = "".join(ch for ch in bad if ch.isdigit())
        if luhn_digit(d[:-1]) != d[-1]:
            return bad


# Country: (BBAN layout as (count, class) pairs), from the published IBAN formats.
IBAN_FORMATS = {
    "NO": [(4, "n"), (6, "n"), (1, "n")],
    "DE": [(8, "n"), (10, "n")],
    "SE": [(3, "n"), (16, "n"), (1, "n")],
    "DK": [(4, "n"), (9, "n"), (1, "n")],
    "FI": [(3, "n"), (11, "n")],
    "GB": [(4, "a"), (6, "n"), (8, "n")],
    "NL": [(4, "a"), (10, "n")],
    "FR": [(5, "n"), (5, "n"), (11, "c"), (2, "n")],
    "ES": [(4, "n"), (4, "n"), (1, "n"), (1, "n"), (10, "n")],
    "PL": [(8, "n"), (16, "n")],
}


def iban_check(cc, bban):
    s = bban + cc + "00"
    n = int("".join(str(int(ch, 36)) for ch in s))
    return f"{98 - n % 97:02d}"


def iban(compact_only=False):
    cc = R.choice(list(IBAN_FORMATS))
    bban = ""
    for count, cls in IBAN_FORMATS[cc]:
        pool = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}[cls]
        bban += "".join(R.choice(pool) for _ in range(count))
    value = cc + iban_check(cc, bban) + bban
    if compact_only or R.random() < 0.3:
        return value
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def broken_iban():
    v = iban()
    i = max(i for i, ch in enumerate(v) if ch.isdigit())
    return v[:i] + str((int(v[i]) + R.randint(1, 9)) % 10) + v[i + 1:]


def no_phone():
    n = str(R.choice([2, 3, 4, 5, 6, 7, 9, 4, 9, 9, 4])) + "".join(R.choice("0123456789") for _ in range(7))
    form = R.choice(["pairs", "pairs", "compact", "323", "+47", "+47c", "0047", "(+47)"])
    pairs = " ".join(n[i:i + 2] for i in range(0, 8, 2))
    if form == "pairs":
        return pairs
    if form == "compact":
        return n
    if form == "323":
        return f"{n[:3]} {n[3:5]} {n[5:]}"
    if form == "+47":
        return "+47 " + pairs
    if form == "+47c":
        return "+47" + n
    if form == "0047":
        return "0047 " + n
    return "(+47) " + pairs


def intl_phone():
    d = lambda k: "".join(R.choice("0123456789") for _ in range(k))
    return R.choice([
        lambda: f"+46 7{R.choice('02369')} {d(3)} {d(2)} {d(2)}",
        lambda: f"+45 {R.randint(20, 99)} {d(2)} {d(2)} {d(2)}",
        lambda: f"+44 20 {R.randint(7000, 8999)} {d(4)}",
        lambda: f"+44 7{d(3)} {d(6)}",
        lambda: f"+49 30 {d(8)}",
        lambda: f"+49 151 {d(8)}",
        lambda: f"+1 {R.randint(201, 989)} {R.randint(200, 999)} {d(4)}",
        lambda: f"+1-{R.randint(201, 989)}-{R.randint(200, 999)}-{d(4)}",
        lambda: f"+358 40 {d(3)} {d(4)}",
        lambda: f"+33 1 {d(2)} {d(2)} {d(2)} {d(2)}",
        lambda: f"0046 8 {d(3)} {d(3)} {d(2)}",
    ])()


def ascii_fold(s):
    return s.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")


def email():
    f, l, p = R.choice(FIRST), R.choice(LAST), R.choice(PLACES)
    return R.choice([
        lambda: f"{ascii_fold(f)}.{ascii_fold(l)}@{ascii_fold(p)}.kommune.no",
        lambda: f"{f.lower()}.{l.lower()}@{p.lower()}.kommune.no",
        lambda: f"post@{ascii_fold(p)}.kommune.no",
        lambda: f"{ascii_fold(f)[0]}{ascii_fold(l)}@{ascii_fold(p)}fylke.no",
        lambda: f"{f}.{l}@Example.org".replace(" ", ""),
        lambda: f"{ascii_fold(f)}+sak{R.randint(1, 99)}@nav.no",
    ])()


def orgnr():
    while True:
        d = [R.randint(8, 9)] + [R.randint(0, 9) for _ in range(7)]
        k = mod11(d, [3, 2, 7, 6, 5, 4, 3, 2])
        if k is not None:
            s = "".join(map(str, d + [k]))
            return R.choice([s, f"{s[:3]} {s[3:6]} {s[6:]}"])


def account():
    while True:
        d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(9)]
        k = mod11(d, K2)
        if k is None:
            continue
        s = "".join(map(str, d + [k]))
        form = R.choice(["space", "dot", "compact"])
        # Eleven digits together that pass both fnr checks are an fnr to any reader;
        # such coincidences are not look-alikes, so they are drawn again.
        if form == "compact" and passes_national(s):
            continue
        if form == "compact":
            return s
        sep = " " if form == "space" else "."
        return f"{s[:4]}{sep}{s[4:6]}{sep}{s[6:]}"


MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember"]


def date():
    y, m, dd = R.randint(2019, 2030), R.randint(1, 12), R.randint(1, 28)
    return R.choice([
        f"{dd:02d}.{m:02d}.{y}", f"{dd}.{m}.{y}", f"{y}-{m:02d}-{dd:02d}", f"{dd}/{m}-{y}",
        f"{dd}. {MONTHS[m - 1]} {y}", f"{y}{m:02d}{dd:02d}", f"{dd:02d}{m:02d}{y}",
        f"{dd:02d}.{m:02d}.{y % 100:02d}", f"{dd}.–{dd + 2}. {MONTHS[m - 1]} {y}",
    ])


def amount():
    n = R.randint(2, 999)
    return R.choice([
        f"{n} mill. kr", f"kr {n} {R.randint(100, 999)} {R.randint(100, 999)}",
        f"{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)} kr",
        f"{R.randint(1, 9)},{R.randint(1, 9)} mrd. kroner", f"kr {n}000000",
        f"{n}000000 kr", f"NOK {R.randint(1, 9)} {R.randint(100, 999)} 000",
        f"{R.randint(100, 999)} 000,-", f"{n}00000,-", f"{R.randint(10, 99)} {R.randint(100, 999)} {R.randint(100, 999)} NOK",
    ])


def year_range():
    y = R.randint(2020, 2030)
    return R.choice([f"{y}-{(y + 3) % 100:02d}", f"{y}–{y + 3}", f"{y}/{y + 1}",
                     " ".join(str(y + i) for i in range(4)), f"({y}–{y + 1})"])


def case_number():
    y = R.randint(18, 26)
    return R.choice([
        f"{y}/{R.randint(0, 99999):05d}", f"20{y}/{R.randint(0, 99999):05d}-{R.randint(1, 40)}",
        f"{y}/{R.randint(1000, 99999)}-{R.randint(1, 20)}", f"20{y}/{R.randint(100, 999999)}",
        f"{R.randint(20000000, 99999999)}-{R.randint(1, 9)}", f"{y}/{R.randint(10000000, 99999999)}",
        f"20{y}{R.randint(10000, 99999)}",
    ])


def postal():
    return R.choice([
        f"{R.randint(1, 9999):04d} {R.choice(PLACES)}", f"Postboks {R.randint(1, 9999)}, {R.randint(1, 9999):04d} {R.choice(PLACES)}",
        f"{R.choice(['Storgata', 'Kirkeveien', 'Rådhusplassen', 'Fjordgata'])} {R.randint(1, 120)}, {R.randint(1000, 9999)} {R.choice(PLACES)}",
    ])


def page_number():
    n = R.randint(1, 60)
    return R.choice([f"Side {n} av {n + R.randint(1, 20)}", f"{n} / {n + R.randint(1, 20)}", f"– {n} –", f"s. {n}"])


def url():
    return R.choice([
        f"https://www.regjeringen.no/no/dokumenter/meld.-st.-{R.randint(1, 40)}-20242025/id{R.randint(3000000, 3099999)}/",
        f"www.nav.no/soknad/{R.randint(20000000, 99999999)}",
        f"https://lovdata.no/dokument/NL/lov/2018-06-15-{R.randint(10, 99)}",
        f"{ascii_fold(R.choice(PLACES))}.kommune.no/innsyn/{R.randint(20000000, 99999999)}",
        f"https://www.ssb.no/statbank/table/{R.randint(10000, 13999)}",
        f"https://example.no/sak?id={R.randint(10000000000, 99999999999)}",
    ])


def reference():
    return R.choice([
        f"LOV-2018-06-15-{R.randint(10, 99)}", f"FOR-20{R.randint(10, 25)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}-{R.randint(100, 3000)}",
        f"ISBN 978-82-{R.randint(10, 99)}-{R.randint(10000, 99999)}-{R.randint(0, 9)}",
        f"ISSN {R.randint(1000, 9999)}-{R.randint(1000, 9999)}", f"NS {R.randint(3000, 9999)}:20{R.randint(10, 25)}",
        f"Prop. {R.randint(1, 150)} S (2024–2025)", f"Gnr. {R.randint(1, 200)} bnr. {R.randint(1, 999)}",
        f"Tabell {R.randint(1, 9)}.{R.randint(1, 9)}.{R.randint(1, 9)}", f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}",
        f"kl. {R.randint(8, 11):02d}.{R.choice(['00', '15', '30'])}–{R.randint(12, 16)}.{R.choice(['00', '30'])}",
        f"{R.randint(1000, 99999)} innbyggere", f"{R.randint(1, 99)} {R.randint(100, 999)} m²",
        f"Andel {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}",
    ])


LOOKALIKES = {
    "fnr-failed-check": broken_national, "iban-failed-check": broken_iban,
    "card-failed-check": broken_card, "date": date, "amount": amount, "years": year_range,
    "case-number": case_number, "organisation-number": orgnr, "postal-code": postal,
    "page-number": page_number, "url": url, "account-number": account, "reference": reference,
}

PLANTED = {
    "fnr": lambda: R.choice([national(), (lambda s: s[:6] + " " + s[6:])(national())]),
    "dnr": lambda: R.choice([national(True), (lambda s: s[:6] + " " + s[6:])(national(True))]),
    "email": email, "phone": lambda: no_phone() if R.random() < 0.7 else intl_phone(),
    "iban": iban, "card": card,
}

LABELS = {
    "fnr": ["Fødselsnummer:", "Fnr.", "f.nr", "Personnummer", "Søker (fnr)", "Pasient:"],
    "dnr": ["D-nummer:", "D-nr.", "Søker (D-nr)", "Arbeidstaker, D-nummer"],
    "email": ["E-post:", "Epost", "Kontakt:", "Send til", "Spørsmål?", "mailto:"],
    "phone": ["Tlf.", "Telefon:", "Mobil", "Ring", "Kontakt", "Direkte:", "Sentralbord", ""],
    "iban": ["IBAN:", "Konto (IBAN)", "Utbetaling til", "IBAN"],
    "card": ["Kortnummer:", "Betalt med kort", "Kort:", "Visa/Mastercard"],
}

LOOK_LABELS = {
    "fnr-failed-check": ["Fødselsnummer:", "Fnr."], "iban-failed-check": ["IBAN:"],
    "card-failed-check": ["Kortnummer:"], "date": ["Møte", "Frist:", "Dato", "Vedtatt", "Høringsfrist"],
    "amount": ["Ramme:", "Budsjett", "Tilskudd", "Investering", "Beløp"],
    "years": ["Økonomiplan", "Handlingsprogram", "Tabell:", "Periode"],
    "case-number": ["Saksnr.", "Vår ref.", "Arkivsak", "Sak", "Journalpost"],
    "organisation-number": ["Org.nr.", "Organisasjonsnummer", "Foretak"],
    "postal-code": ["Adresse:", "Besøk oss:", "Post:"],
    "page-number": [""], "url": ["Les mer:", "Se", "Kilde:", "Søknad:"],
    "account-number": ["Kontonummer", "Kontonr.", "Innbetaling til konto", "Konto:"],
    "reference": ["", "Jf.", "Se", "Kilde:"],
}

FILLER = ["Status for prosjektet", "Neste steg", "Bakgrunn", "Vedtak i kommunestyret",
          "Oppfølging", "Kontaktperson", "Saksbehandler", "Spørsmål og svar", "Eksempel fra saken",
          "Skjermbilde fra fagsystemet", "Tilskuddsordning", "Høring", "Ansvarlig enhet"]


def clause(label, value):
    return f"{label} {value}".strip() if label != "mailto:" else f"<mailto:{value}>"


def line():
    planted, looks, parts = [], [], []
    n_planted = R.choice([0, 0, 1, 1, 1, 2])
    n_looks = R.choice([0, 1, 1, 2]) if n_planted else R.choice([1, 1, 2, 3])
    for _ in range(n_planted):
        # Contact slides carry phone numbers and e-mail far more often than the rest.
        kind = R.choices(list(PLANTED), weights=[3, 2, 4, 4, 2, 2])[0]
        value = PLANTED[kind]()
        planted.append({"kind": kind, "value": value})
        parts.append(clause(R.choice(LABELS[kind]), value))
    for _ in range(n_looks):
        what = R.choice(list(LOOKALIKES))
        value = LOOKALIKES[what]()
        looks.append({"what": what, "value": value})
        parts.append(clause(R.choice(LOOK_LABELS[what]), value))
    R.shuffle(parts)
    lead = R.choice(FILLER + [f"{R.choice(FIRST)} {R.choice(LAST)}, {R.choice(UNITS)}"] * 3)
    text = lead + ": " + R.choice([", ", " – ", "; ", " | ", ". "]).join(parts)
    if R.random() < 0.2:
        text = "• " + text
    return {"text": text, "planted": planted, "lookalikes": looks}


def unique(entry):
    values = [p["value"] for p in entry["planted"]] + [l["value"] for l in entry["lookalikes"]]
    return all(entry["text"].count(v) == 1 for v in values) and len(set(values)) == len(values)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    R.seed(int(sys.argv[2]) if len(sys.argv) > 2 else SEED)
    out = []
    while len(out) < count:
        entry = line()
        if unique(entry):
            out.append(entry)
    for entry in out:
        sys.stdout.write(json.dumps(entry, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
