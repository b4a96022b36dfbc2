#!/usr/bin/env python3
"""Runs other extractors' own text-extraction test cases against deck-ingest, pdftotext
and mutool, and prints pass counts.

usage: bench/peer_suite.py [--bin target/release/deck-ingest] [-v] SUITE...
SUITE is a local checkout of a peer's repository (nothing of it is committed here):
  - pdfminer.six: its tests/test_highlevel_extracttext.py `test_strings` and samples/
  - pdfplumber: asserts in tests/test_*.py on extract_text(), extract_words() or chars'
    "text" of one PDF in tests/pdfs/
  - pypdf: asserts in tests/test_*.py on extract_text() of one PDF in resources/
  - pdf.js: expectations in test/unit/api_spec.js on getTextContent()'s text of one PDF in
    test/pdfs/ (a small reader of JavaScript string literals; pdf.js is no Python)
  - Apache PDFBox: pdfbox/src/test/resources/input/*.pdf (and org/apache/pdfbox/text/
    BidiSample.pdf, BidiTest's file) with PDFTextStripper's expected whole-document output
    beside each: NAME.pdf.txt (default, content-stream order) and NAME.pdf-sorted.txt
    (setSortByPosition). One case per PDF. No PDFBox option is under test in these files
    (TestTextStripper sets only the line separator); what is skipped: eu-001.pdf-tabula.txt
    (a PDFTextStripper subclass with its own font height, not the stripper's output) and
    PDFTextStripperByAreaTest (text of a region chosen by the test)
  - PyMuPDF: asserts in tests/test_*.py on page.get_text() / get_text("text") /
    TextPage.extractText() with no further arguments, of one PDF in tests/resources/; the
    expected value may be a literal or a name bound to literals in the test or its module
    (b"...".decode(), concatenations, a list of per-page texts)
  - PDFium: its *embeddertest.cpp (fpdfsdk/fpdf_text_embeddertest.cpp holds the text
    tests) and testing/resources/, exported from a bare mirror with bench/peer_export.sh;
    a testing/resources/NAME.in template without NAME.pdf beside it is turned into one by
    PDFium's own testing/tools/fixup_pdf_template.py at export time (the tests open the
    checked-in .pdf where there is one). A case is a page's whole text read from its first
    character: FPDFText_GetText(page, 0, n, buffer) compared with a constant
    (ElementsAreArray(kX), or EXPECT_EQ(0x05d1, buffer[0]), ... index by index from 0),
    or FPDFText_GetUnicode(page, i) against kX[i] in a loop; C++ string literals (L"",
    u"", escapes, adjacent literals) and brace lists of codes are read. What is skipped,
    each with its reason: reads from another char index (a run at char 238, a subspan),
    single characters at given indices, FPDFText_GetBoundedText (a region) and
    FPDFTextObj_GetText (one object), expectations after the test's own edits
    (FPDFPageObj_SetIsActive, ...), expectations in a test whose comments mark PDFium's
    result as a known defect (`// TODO(`), texts holding PDFium's own markers (U+0002
    and U+FFFE for hyphens, other C0 controls: no other tool writes them), and a read of
    a page's first characters that begins another case's text on the same page. Search,
    links, boxes, fonts, colours and char-index APIs assert no text and are not counted.
    The cases are whole pages, so they are judged by lines (below)
  - any folder with a cases.tsv: lines "relative/path.pdf<TAB>expected text" (\\n escapes)
A case passes when its expected text occurs in the tool's output once both are
normalised: NFKC, Unicode format characters (category Cf, e.g. soft hyphens) dropped,
all whitespace removed (layout differences in line and word spacing count against no
one). pdfminer's `(cid:N)` placeholders and the `_no_boxes_flow` variant are skipped:
they test pdfminer's own layout options, not the text.
Whole-page expectations (PDFBox's files, PyMuPDF's page texts with line breaks, PDFium's
page texts) are judged by lines, since a page's line order and line breaks are each tool's
layout: the case passes
when at least PAGE_LINES_PASS (90 %) of the expected text's lines occur in the normalised
output, each line normalised as above; lines shorter than 2 characters after normalising
(a lone digit or letter occurs anywhere) are not counted. For PDFBox the default and the
sorted file are both the maintainers' reading of the same page, so a case passes when
either file's lines do.
"""
import argparse, ast, os, subprocess, sys, unicodedata


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c) != "Cf")


def pdfminer_cases(root):
    path = os.path.join(root, "tests", "test_highlevel_extracttext.py")
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "test_strings" for t in node.targets):
            strings = ast.literal_eval(node.value)
            for name, want in strings.items():
                if name.endswith("_no_boxes_flow") or "(cid:" in want:
                    continue
                yield os.path.join(root, "samples", name), want


# Calls whose result is the page's text (pdfplumber: words' and chars' "text" too).
TEXT_CALLS = {"extract_text", "extract_words", "chars"}
# Keyword arguments that leave the text as it is; any other one (layout=True, x_tolerance,
# orientations, extraction_mode="layout", ...) tests the peer's own layout options.
NEUTRAL_KWARGS = {"visitor_text"}
# Methods that change which characters are there (deduplication, ligature options):
# the peer's own features, not the text of the file.
FEATURE_CALLS = {"dedupe_chars", "filter", "search"}


def _pdf_names(node):
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.lower().endswith(".pdf")
    }


def _reads_text(expr, text_vars, tainted, judge_call, text_attrs=()):
    """'text' when `expr` reads the page's text with default options, 'option' when it
    does so through a layout option or feature, None when it does not read text at all.
    `judge_call(call)` says the same of one method call, by the peer's own API (None:
    not a text call); attributes in `text_attrs` read text too; names bound to text, or
    tainted by an option, count as such."""
    found = None
    for n in ast.walk(expr):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            verdict = judge_call(n)
            if verdict == "option":
                return "option"
            found = verdict or found
        elif isinstance(n, ast.Attribute) and n.attr in text_attrs:
            found = "text"
        elif isinstance(n, ast.Name):
            if n.id in tainted:
                return "option"
            if n.id in text_vars:
                found = "text"
    return found


def _plumber_call(n):
    """pdfplumber's and pypdf's text calls (extract_text, extract_words, chars)."""
    name = n.func.attr
    if name in FEATURE_CALLS:
        return "option"
    if name in TEXT_CALLS:
        mode = [k for k in n.keywords if k.arg == "extraction_mode"]
        plain = all(isinstance(k.value, ast.Constant) and k.value.value == "plain" for k in mode)
        if not plain or any(k.arg not in NEUTRAL_KWARGS | {"extraction_mode"} for k in n.keywords):
            return "option"
        return "text"
    return None


def _text_source(expr, text_vars, tainted):
    return _reads_text(expr, text_vars, tainted, _plumber_call, text_attrs={"chars"})


def _walk_shallow(node):
    """The statements and expressions of one function, not of functions defined in it."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop(0)
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack[:0] = list(ast.iter_child_nodes(n))


# Calls after which a test's asserts are about its own edits or settings: it rewrites the
# page's content, merges pages, or changes the peer's right-to-left handling.
CHANGING_CALLS = {"replace_contents", "set_data", "merge_page", "merge_transformed_page", "set_custom_rtl"}


def _is_pdf_name(n):
    return isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.lower().endswith(".pdf")


def assert_cases(root, test_dir, pdf_dirs, skipped):
    """Cases from asserts of the form `"literal" in <text>` or `<text> == "literal"` in
    the peer's tests, where <text> is the page's text read with default options, from the
    PDF the test named last before the assert (or its class's setup), when that PDF is in
    the checkout."""
    for fname in sorted(os.listdir(os.path.join(root, test_dir))):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        tree = ast.parse(open(os.path.join(root, test_dir, fname), encoding="utf-8").read())
        scopes = []  # (function, PDF named by the class setup)
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                setup = None
                for m in node.body:
                    if isinstance(m, ast.FunctionDef) and m.name.startswith("setup"):
                        names = [n.value for n in ast.walk(m) if _is_pdf_name(n)]
                        setup = names[0] if len(set(names)) == 1 else setup
                scopes += [(m, setup) for m in node.body if isinstance(m, ast.FunctionDef) and m.name.startswith("test")]
            elif isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                scopes.append((node, None))
        for fn, current in scopes:
            where = f"{fname}::{fn.name}"
            text_vars, tainted, changed = set(), set(), False
            # A test that also calls a feature (dedupe_chars, ...) compares text with and
            # without it: both sides are about the feature.
            featured = any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in FEATURE_CALLS
                for n in ast.walk(fn)
            )
            for n in _walk_shallow(fn):
                if _is_pdf_name(n):
                    current = n.value
                if isinstance(n, ast.Call):
                    f = n.func
                    if (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")) in CHANGING_CALLS:
                        changed = True
                if isinstance(n, (ast.Assign, ast.For)):
                    value, targets = (n.value, n.targets) if isinstance(n, ast.Assign) else (n.iter, [n.target])
                    src = _text_source(value, text_vars, tainted)
                    for t in targets:
                        for name in ast.walk(t):
                            if isinstance(name, ast.Name) and src:
                                (text_vars if src == "text" else tainted).add(name.id)
                if not (isinstance(n, ast.Assert) and isinstance(n.test, ast.Compare) and len(n.test.ops) == 1):
                    continue
                op, left, right = n.test.ops[0], n.test.left, n.test.comparators[0]
                if isinstance(op, ast.In) and isinstance(left, ast.Constant):
                    lit, other = left, right
                elif isinstance(op, ast.Eq) and isinstance(right, ast.Constant):
                    lit, other = right, left
                elif isinstance(op, ast.Eq) and isinstance(left, ast.Constant):
                    lit, other = left, right
                else:
                    continue
                if not isinstance(lit.value, str):
                    continue
                src = _text_source(other, text_vars, tainted)
                if src is None:
                    continue
                shown = repr(lit.value[:30])
                if src == "option" or featured:
                    skipped.append(f"{where}: {shown} tests a layout option or feature")
                elif changed:
                    skipped.append(f"{where}: {shown} is about the test's own edits or settings")
                elif len(norm(lit.value)) < 2:
                    skipped.append(f"{where}: {shown} is too short to test anything")
                elif current is None:
                    skipped.append(f"{where}: {shown} names no PDF")
                else:
                    name = current
                    path = next(
                        (os.path.join(root, d, name) for d in pdf_dirs if os.path.isfile(os.path.join(root, d, name))),
                        None,
                    )
                    if path is None or "://" in name:
                        skipped.append(f"{where}: {shown} is about {os.path.basename(name)}, not in the checkout (downloaded by the test)")
                    else:
                        yield path, lit.value


def _js_literal(src, i):
    """The JavaScript string literal (or `+` concatenation of literals) at src[i:], as
    (text, end), or None when there is none or it interpolates (`${`)."""
    parts = []
    while True:
        while i < len(src) and src[i].isspace():
            i += 1
        if i >= len(src) or src[i] not in "\"'`":
            return None
        q, j, buf = src[i], i + 1, []
        while j < len(src) and src[j] != q:
            if src[j] == "\\":
                j += 1
                c = src[j]
                if c == "u":
                    buf.append(chr(int(src[j + 1 : j + 5], 16)))
                    j += 4
                elif c == "x":
                    buf.append(chr(int(src[j + 1 : j + 3], 16)))
                    j += 2
                elif c == "\n":
                    pass  # a line continuation
                else:
                    buf.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(c, c))
            elif q == "`" and src.startswith("${", j):
                return None
            else:
                buf.append(src[j])
            j += 1
        parts.append("".join(buf))
        k = j + 1
        while k < len(src) and src[k].isspace():
            k += 1
        if k < len(src) and src[k] == "+":
            i = k + 1
            continue
        return "".join(parts), k


# getTextContent options that leave the text as it is (normalisation is ours anyway;
# marked content adds items without text).
PDFJS_NEUTRAL = {"disableNormalization", "includeMarkedContent"}


def pdfjs_cases(root, skipped):
    """Cases from pdf.js's test/unit/api_spec.js: in each `it(...)` that calls
    getTextContent with neutral options, `expect(text).toEqual(<literal>)`,
    `expect(text.includes(<literal>))` and `expect(items.map(i => i.str)).toEqual([<literals>])`, on the PDF the test loaded last before them."""
    import re

    src = open(os.path.join(root, "test", "unit", "api_spec.js"), encoding="utf-8").read()
    starts = [m.start() for m in re.finditer(r"\bit\(\s*[\"'`]", src)] + [len(src)]
    for a, b in zip(starts, starts[1:]):
        block = src[a:b]
        if "getTextContent" not in block:
            continue
        title = (_js_literal(block, block.index("(") + 1) or ("?", 0))[0]
        opts = set(re.findall(r"getTextContent\(\s*\{([^}]*)\}", block))
        names = {k for o in opts for k in re.findall(r"(\w+)\s*:", o)}
        events = [(m.start(), "pdf", m.group(1)) for m in re.finditer(r"buildGetDocumentParams\(\s*\"([^\"]+)\"", block)]
        events += [(m.end(), "eq", None) for m in re.finditer(r"expect\(\s*text\w*\s*\)\s*\.toEqual\(", block)]
        events += [(m.end(), "in", None) for m in re.finditer(r"expect\(\s*text\w*\.includes\(", block)]
        # The items' strings in order, as a list of literals: their concatenation.
        events += [(m.end(), "items", None) for m in re.finditer(r"expect\(\s*items\.map\(\s*\(?(\w+)\)?\s*=>\s*\1\.str\s*\)\s*\)\s*\.toEqual\(\s*\[", block)]
        current = None
        for pos, kind, name in sorted(events):
            if kind == "pdf":
                current = name
                continue
            if kind == "items":
                parts, lit = [], (None, pos)
                while True:
                    lit = _js_literal(block, lit[1])
                    if lit is None:
                        break
                    parts.append(lit[0])
                    rest = block[lit[1] :].lstrip()
                    if not rest.startswith(","):
                        break
                    lit = (None, len(block) - len(rest) + 1)
                lit = ("".join(parts), pos) if lit is not None and parts else None
            else:
                lit = _js_literal(block, pos)
            if lit is None:
                continue
            want = lit[0]
            shown = repr(want[:30])
            if names - PDFJS_NEUTRAL:
                skipped.append(f"api_spec.js::{title}: {shown} tests options {sorted(names - PDFJS_NEUTRAL)}")
            elif len(norm(want)) < 2:
                skipped.append(f"api_spec.js::{title}: {shown} is too short to test anything")
            elif current is None:
                skipped.append(f"api_spec.js::{title}: {shown} is about the suite's shared document, loaded elsewhere")
            elif not os.path.isfile(os.path.join(root, "test", "pdfs", current)):
                skipped.append(f"api_spec.js::{title}: {shown} is about {current}, not in the checkout (a .link download)")
            else:
                yield os.path.join(root, "test", "pdfs", current), want


# Share of a whole-page expectation's lines that must occur in the output (see the module
# docstring): PDFBox's own test compares line by line, so a few lines split or joined
# differently by another layout are tolerated, a missing block or garbled font is not.
PAGE_LINES_PASS = 0.9


def page_lines(text):
    return [n for n in (norm(line) for line in text.splitlines()) if len(n) >= 2]


def pdfbox_cases(root, skipped):
    """One case per PDF: (pdf, [expected texts]); see the module docstring."""
    base = os.path.join(root, "pdfbox", "src", "test", "resources")
    dirs = [os.path.join(base, "input"), os.path.join(base, "org", "apache", "pdfbox", "text")]
    skipped.append("eu-001.pdf-tabula.txt: output of a PDFTextStripper subclass (its own font height), not of the stripper")
    for d in dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            pdf = os.path.join(d, name)
            if not name.endswith(".pdf") or not os.path.isfile(pdf):
                continue
            wants = [open(f, encoding="utf-8-sig").read() for f in (pdf + ".txt", pdf + "-sorted.txt") if os.path.isfile(f)]
            if not wants or not any(page_lines(w) for w in wants):
                skipped.append(f"{name}: no expected text")
                continue
            yield pdf, wants


def _static_value(expr, env):
    """The string (or list of strings) `expr` stands for when it is made of literals:
    str constants, b"...".decode(...), `+` of such, names bound to such, lists/tuples."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        return env.get(expr.id)
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "decode"
        and isinstance(expr.func.value, ast.Constant)
        and isinstance(expr.func.value.value, bytes)
    ):
        enc = expr.args[0].value if expr.args and isinstance(expr.args[0], ast.Constant) else "utf-8"
        try:
            return expr.func.value.value.decode(enc)
        except (LookupError, UnicodeDecodeError):
            return None
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        a, b = _static_value(expr.left, env), _static_value(expr.right, env)
        return a + b if isinstance(a, str) and isinstance(b, str) else None
    if isinstance(expr, (ast.List, ast.Tuple)):
        items = [_static_value(e, env) for e in expr.elts]
        return items if items and all(isinstance(i, str) for i in items) else None
    return None


# PyMuPDF calls that read a page's text: with no argument (or "text") they use the default
# options; any other argument (flags, sort, clip, another format) is an option.
PYMUPDF_TEXT_CALLS = {"get_text", "extractText", "extract_text"}
# Calls after which the asserts are about the test's own edits: redaction, content
# cleaning, inserted text or pages, scrubbing, page selection, annotations' own text.
PYMUPDF_CHANGING = {
    "add_redact_annot", "apply_redactions", "clean_contents", "insert_text", "insert_textbox",
    "insert_htmlbox", "scrub", "set_contents", "update_stream", "select", "delete_page",
    "delete_pages", "insert_pdf", "insert_page", "new_page", "add_freetext_annot", "show_pdf_page",
    "set_rotation", "remove_rotation", "subset_fonts", "bake", "set_cropbox", "set_mediabox",
    "set_ocmd", "set_layer", "set_oc", "set_xml_metadata", "write_text", "insert_font",
}
PYMUPDF_NOT_PAGE = {"get_textbox", "get_textpage", "get_text_words", "get_text_blocks", "get_text_selection"}


def _pymupdf_call(n):
    """PyMuPDF's text calls: `page.get_text()` or `get_text("text")`, nothing else."""
    name = n.func.attr
    if name in PYMUPDF_NOT_PAGE:
        return "option"
    if name in PYMUPDF_TEXT_CALLS:
        # pymupdf.get_text(path, ...) is the module's multi-process reader.
        if isinstance(n.func.value, ast.Name) and n.func.value.id in ("pymupdf", "fitz"):
            return "option"
        plain = not n.keywords and (
            not n.args or (len(n.args) == 1 and isinstance(n.args[0], ast.Constant) and n.args[0].value == "text")
        )
        return "text" if plain else "option"
    return None


def _pymupdf_source(expr, text_vars, tainted):
    return _reads_text(expr, text_vars, tainted, _pymupdf_call)


def pymupdf_cases(root, skipped):
    """Cases from PyMuPDF's tests: asserts `text == expected`, `expected in text` (either
    side), where text is read with default options from the PDF the test named last (or a
    module-level name for one) and expected is a literal or a name bound to literals."""
    test_dir = os.path.join(root, "tests")
    res = os.path.join(test_dir, "resources")
    for fname in sorted(os.listdir(test_dir)):
        if not (fname.startswith("test_") and fname.endswith(".py")):
            continue
        tree = ast.parse(open(os.path.join(test_dir, fname), encoding="utf-8").read())
        module_env, module_pdf = {}, {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                v = _static_value(node.value, module_env)
                if v is not None:
                    module_env[node.targets[0].id] = v
                names = [n.value for n in ast.walk(node.value) if _is_pdf_name(n)]
                if len(names) == 1:
                    module_pdf[node.targets[0].id] = names[0]
        for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]:
            where = f"{fname}::{fn.name}"
            env, text_vars, tainted, changed, current = dict(module_env), set(), set(), False, None
            for n in _walk_shallow(fn):
                if _is_pdf_name(n):
                    current = n.value
                elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in module_pdf:
                    current = module_pdf[n.id]
                if isinstance(n, ast.Call):
                    f = n.func
                    if (f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")) in PYMUPDF_CHANGING:
                        changed = True
                if isinstance(n, (ast.Assign, ast.AugAssign, ast.For)):
                    if isinstance(n, ast.Assign):
                        value, targets = n.value, n.targets
                    elif isinstance(n, ast.AugAssign):
                        value, targets = n.value, [n.target]
                    else:
                        value, targets = n.iter, [n.target]
                    if isinstance(n, ast.Assign) and len(targets) == 1 and isinstance(targets[0], ast.Name):
                        v = _static_value(value, env)
                        if v is not None:
                            env[targets[0].id] = v
                    src = _pymupdf_source(value, text_vars, tainted)
                    for t in targets:
                        for name in ast.walk(t):
                            if isinstance(name, ast.Name) and src:
                                # A name read again with other options is that read now.
                                if not isinstance(n, ast.AugAssign):
                                    (tainted if src == "text" else text_vars).discard(name.id)
                                (text_vars if src == "text" else tainted).add(name.id)
                # texts.append(page.get_text()): the list holds page texts.
                if (
                    isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Attribute)
                    and n.func.attr == "append"
                    and isinstance(n.func.value, ast.Name)
                    and n.args
                ):
                    src = _pymupdf_source(n.args[0], text_vars, tainted)
                    if src:
                        (text_vars if src == "text" else tainted).add(n.func.value.id)
                if not (isinstance(n, ast.Assert) and isinstance(n.test, ast.Compare) and len(n.test.ops) == 1):
                    continue
                op, left, right = n.test.ops[0], n.test.left, n.test.comparators[0]
                if not isinstance(op, (ast.Eq, ast.In)):
                    continue
                for lit, other in ((left, right), (right, left)) if isinstance(op, ast.Eq) else ((left, right),):
                    want = _static_value(lit, env)
                    if want is None or _pymupdf_source(lit, text_vars, tainted):
                        continue
                    src = _pymupdf_source(other, text_vars, tainted)
                    if src is None:
                        continue
                    want = "\n".join(want) if isinstance(want, list) else want
                    shown = repr(want[:30])
                    if src == "option":
                        skipped.append(f"{where}: {shown} tests an option")
                    elif changed:
                        skipped.append(f"{where}: {shown} is about the test's own edits")
                    elif len(norm(want)) < 2:
                        skipped.append(f"{where}: {shown} is too short to test anything")
                    elif current is None:
                        skipped.append(f"{where}: {shown} names no PDF (the test makes its own)")
                    elif not os.path.isfile(os.path.join(res, os.path.basename(current))):
                        skipped.append(f"{where}: {shown} is about {os.path.basename(current)}, not in the checkout")
                    else:
                        yield os.path.join(res, os.path.basename(current)), [want]
                    break



def _c_strip_comments(src):
    """C++ source without // and /* */ comments (string and char literals kept)."""
    import re

    return re.sub(r'//[^\n]*|/\*.*?\*/|("(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\')', lambda m: m.group(1) or " ", src, flags=re.S)


def _c_unescape(body):
    """The characters of a C++ string or character literal's body (escapes resolved)."""
    out, j = [], 0
    while j < len(body):
        c = body[j]
        if c != "\\":
            out.append(c)
            j += 1
            continue
        e = body[j + 1]
        if e in "uU":
            n = 4 if e == "u" else 8
            out.append(chr(int(body[j + 2 : j + 2 + n], 16)))
            j += 2 + n
        elif e == "x":
            k = j + 2
            while k < len(body) and body[k] in "0123456789abcdefABCDEF":
                k += 1
            out.append(chr(int(body[j + 2 : k], 16)))
            j = k
        elif e in "01234567":
            k = j + 1
            while k < len(body) and k < j + 4 and body[k] in "01234567":
                k += 1
            out.append(chr(int(body[j + 1 : k], 8)))
            j = k
        else:
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(e, e))
            j += 2
    return "".join(out)


def _c_value(init):
    """The text a C++ initialiser stands for: adjacent string literals ("...", L"...",
    u"..."), or a brace list (or std::to_array) of integers and character literals; None
    for anything else. A trailing NUL (the terminator tests compare too) is dropped."""
    import re

    init = init.strip()
    lits = re.findall(r'(?:L|u8|u|U)?"((?:\\.|[^"\\])*)"', init)
    if lits and re.fullmatch(r'(?:\s*(?:L|u8|u|U)?"(?:\\.|[^"\\])*")+\s*', init):
        return "".join(_c_unescape(s) for s in lits).rstrip("\0")
    m = re.fullmatch(r"(?:std::to_array<[^>]*>\s*\(\s*)?\{\{?(.*?)\}?\}\s*\)?", init, flags=re.S)
    if not m:
        return None
    chars = []
    for item in [i.strip() for i in m.group(1).split(",") if i.strip()]:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+|\d+", item):
            chars.append(chr(int(item, 0)))
        elif re.fullmatch(r"(?:L|u|U)?'((?:\\.|[^'\\])+)'", item):
            chars.append(_c_unescape(re.fullmatch(r"(?:L|u|U)?'(.*)'", item).group(1)))
        else:
            return None
    return "".join(chars).rstrip("\0")


def _c_constants(src):
    """name -> text for the constants in `src` that _c_value can read."""
    import re

    out = {}
    decl = r"(?:static\s+)?(?:constexpr|const)\s+[\w:<>,\s]+?\s+(\w+)\s*(?:\[[^\]]*\])?\s*=\s*([^;]*);"
    for m in re.finditer(decl, src):
        v = _c_value(m.group(2))
        if v is not None:
            out[m.group(1)] = v
    # ByteStringView expected_text(kX): another name for kX.
    for m in re.finditer(r"\b(?:ByteStringView|WideStringView|WideString|ByteString)\s+(\w+)\((\w+)\)", src):
        if m.group(2) in out:
            out[m.group(1)] = out[m.group(2)]
    return out


# PDFium calls after which a test's expectations are about its own edits.
PDFIUM_EDITS = (
    "FPDFPageObj_SetIsActive", "FPDFPage_RemoveObject", "FPDFPage_InsertObject", "FPDFText_SetText",
    "FPDFTextObj_SetText", "FPDFPage_GenerateContent", "FPDFPageObj_Transform", "FPDFPage_SetRotation",
    "FPDF_ImportPages", "FPDFPage_Flatten",
)
# Text PDFium stands in for a soft hyphen or an unmappable glyph: U+0002 and U+FFFE (its
# FPDFText_IsHyphen marker), other C0 controls. No other tool writes these.
PDFIUM_MARKERS = {chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"} | {"\ufffe"}


def pdfium_cases(root, skipped):
    """Cases from PDFium's *embeddertest.cpp: in each TEST_F, the page text read from its
    first character, FPDFText_GetText(page, 0, n, buffer) compared with a constant
    (`ElementsAreArray(kX)` or `EXPECT_EQ(0x05d1, buffer[0])`, ... from index 0 on) or
    FPDFText_GetUnicode(page, i) checked against `kX[i]` in a loop, on the document the
    test opened (testing/resources/NAME.pdf). See the module docstring for what is skipped."""
    import re

    res = os.path.join(root, "testing", "resources")
    tests = []
    for d, _, files in os.walk(root):
        tests += [os.path.join(d, f) for f in files if f.endswith("embeddertest.cpp")]
    found = {}
    for path in sorted(tests):
        raw = open(path, encoding="utf-8").read()
        src = _c_strip_comments(raw)
        if "FPDFText_" not in src:
            continue
        consts = _c_constants(src[: src.find("TEST_F")] if "TEST_F" in src else src)
        heads = list(re.finditer(r"\bTEST_F\(\s*\w+\s*,\s*(\w+)\s*\)", src))
        raw_heads = list(re.finditer(r"\bTEST_F\(\s*\w+\s*,\s*(\w+)\s*\)", raw))
        raw_blocks = {
            m.group(1): raw[m.start() : (raw_heads[k + 1].start() if k + 1 < len(raw_heads) else len(raw))]
            for k, m in enumerate(raw_heads)
        }
        for k, head in enumerate(heads):
            block = src[head.start() : heads[k + 1].start() if k + 1 < len(heads) else len(src)]
            where = f"{os.path.basename(path)}::{head.group(1)}"
            env = dict(consts)
            env.update(_c_constants(block))
            # The comments say the expectation is PDFium's own known defect.
            known_bad = re.search(r"//\s*TODO\(", raw_blocks.get(head.group(1), ""))
            events = [(m.start(), "pdf", m.group(1)) for m in re.finditer(r'OpenDocument\w*\(\s*"([^"]+)"', block)]
            events += [(m.start(), "read", m.group(1).strip()) for m in re.finditer(r"FPDFText_GetText\(\s*[\w.()]+\s*,\s*([^,]+),", block)]
            events += [(m.start(), "region", None) for m in re.finditer(r"FPDFText_GetBoundedText\(", block)]
            events += [(m.start(), "object", None) for m in re.finditer(r"FPDFTextObj_GetText\(", block)]
            events += [(m.start(), "edit", None) for m in re.finditer(r"\b(?:%s)\(" % "|".join(PDFIUM_EDITS), block)]
            events += [(m.start(), "array", m.group(1)) for m in re.finditer(r"ElementsAreArray\(\s*([^;]*?)\)\s*\)\s*;", block)]
            events += [
                (m.start(), "loop", (m.group(1), m.group(2).strip()))
                for m in re.finditer(
                    r"EXPECT_EQ\(\s*(?:static_cast<[^>]*>\(\s*)?(\w+)\[i\]\s*\)?\s*,\s*FPDFText_GetUnicode\(\s*[\w.()]+\s*,\s*([^)]*)\)",
                    block,
                )
            ]
            events += [(m.start(), "index", None) for m in re.finditer(r"FPDFText_GetUnicode\(\s*[\w.()]+\s*,\s*\d+\s*\)", block)]
            # EXPECT_EQ(0x05d1, buffer[0]); ...: the buffer's characters one by one.
            events += [
                (m.start(), "char", (int(m.group(1), 0), int(m.group(2))))
                for m in re.finditer(r"EXPECT_EQ\(\s*(0[xX][0-9a-fA-F]+|\d+)\s*,\s*buffer\[(\d+)\]\s*\)", block)
            ]
            pdf, read, edited, chars, indexed = None, None, False, [], False

            def take(want, start, what):
                shown = repr(want[:30])
                if start != "0":
                    skipped.append(f"{where}: {shown} is read from char {start} on (char indices), not the page's text")
                elif edited:
                    skipped.append(f"{where}: {shown} is about the test's own edits")
                elif known_bad:
                    skipped.append(f"{where}: {shown} is marked by the test as PDFium's known defect (TODO)")
                elif any(c in PDFIUM_MARKERS for c in want):
                    skipped.append(f"{where}: {shown} holds PDFium's own marker characters (U+0002 / U+FFFE / controls)")
                elif len(norm(want)) < 2:
                    skipped.append(f"{where}: {shown} is too short to test anything")
                elif pdf is None or not os.path.isfile(os.path.join(res, pdf)):
                    skipped.append(f"{where}: {shown} names no PDF in testing/resources")
                else:
                    found.setdefault((os.path.join(res, pdf), want), where)

            for pos, kind, arg in sorted(events, key=lambda e: e[0]) + [(len(block), "end", None)]:
                if kind != "char" and chars:
                    if read is not None and read[0] == "read" and [i for _, i in chars] == list(range(len(chars))):
                        take("".join(chr(c) for c, _ in chars).rstrip("\0"), read[1], "buffer")
                    chars = []
                if kind == "pdf":
                    pdf = arg
                elif kind in ("read", "region", "object"):
                    read = (kind, arg)
                elif kind == "edit":
                    edited = True
                elif kind == "index":
                    indexed = True
                elif kind == "char":
                    chars.append(arg)
                elif kind == "array":
                    name = arg.strip()
                    sub = re.match(r"pdfium::span\(\s*(\w+)\s*\)\s*\.\s*subspan", name)
                    shown = repr(env.get(sub.group(1) if sub else name, name)[:30])
                    if read is None:
                        continue
                    if read[0] == "region":
                        skipped.append(f"{where}: {shown} is the text of a region (FPDFText_GetBoundedText), not the page's")
                    elif read[0] == "object":
                        skipped.append(f"{where}: {shown} is one text object's text (FPDFTextObj_GetText), not the page's")
                    elif edited:
                        skipped.append(f"{where}: {shown} is about the test's own edits")
                    elif sub:
                        skipped.append(f"{where}: {shown} is compared from a char index on (char indices)")
                    elif name in env:
                        take(env[name], read[1], "array")
                elif kind == "loop" and arg[0] in env:
                    take(env[arg[0]], "0" if arg[1] == "i" else arg[1], "loop")
            if indexed:
                skipped.append(f"{where}: checks single characters at given indices (char indices), not the page's text")
    # A text read from char 0 that begins another case's text on the same page (a read of
    # the first five characters) tests nothing that case does not.
    for (pdf, want), where in sorted(found.items()):
        if any(p == pdf and w != want and w.startswith(want) for p, w in found):
            skipped.append(f"{where}: {want[:30]!r} begins another expectation's text on {os.path.basename(pdf)}")
            continue
        # The page's whole text: judged by lines, like PDFBox's and PyMuPDF's pages.
        yield pdf, [want]

def tsv_cases(root):
    for line in open(os.path.join(root, "cases.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, want = line.rstrip("\n").split("\t", 1)
            yield os.path.join(root, name), want.replace("\\n", "\n")


def run(tool, pdf, binary):
    cmd = {
        "deck-ingest": [binary, "text", "--raw", pdf],
        "pdftotext": ["pdftotext", "-q", pdf, "-"],
        "mutool": ["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf],
    }[tool]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=60)
        return r.stdout.decode("utf-8", "replace")
    except (subprocess.TimeoutExpired, OSError):
        return ""


def passes(want, out):
    """A string: it occurs in the normalised output. A list of whole-page expectations:
    one of them has PAGE_LINES_PASS of its lines there (see the module docstring)."""
    if isinstance(want, str):
        return norm(want) in out
    for w in want:
        lines = page_lines(w)
        if lines and sum(line in out for line in lines) >= PAGE_LINES_PASS * len(lines):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/deck-ingest")
    ap.add_argument("-v", action="store_true", help="print every case")
    ap.add_argument("suites", nargs="+")
    a = ap.parse_args()
    tools = ["deck-ingest", "pdftotext", "mutool"]
    total = {t: 0 for t in tools}
    count = 0
    for root in a.suites:
        skipped = []
        if os.path.exists(os.path.join(root, "cases.tsv")):
            cases, suite = list(tsv_cases(root)), "tsv"
        elif os.path.exists(os.path.join(root, "tests", "test_highlevel_extracttext.py")):
            cases, suite = list(pdfminer_cases(root)), "pdfminer.six"
        elif os.path.isdir(os.path.join(root, "pdfplumber")):
            cases, suite = list(assert_cases(root, "tests", ["tests", "tests/pdfs"], skipped)), "pdfplumber"
        elif os.path.exists(os.path.join(root, "test", "unit", "api_spec.js")):
            cases, suite = list(pdfjs_cases(root, skipped)), "pdf.js"
        elif os.path.isdir(os.path.join(root, "pdfbox", "src", "test", "resources", "input")):
            cases, suite = list(pdfbox_cases(root, skipped)), "PDFBox"
        elif os.path.isdir(os.path.join(root, "tests", "resources")) and os.path.exists(os.path.join(root, "tests", "test_textextract.py")):
            cases, suite = list(pymupdf_cases(root, skipped)), "PyMuPDF"
        elif os.path.exists(os.path.join(root, "fpdfsdk", "fpdf_text_embeddertest.cpp")):
            cases, suite = list(pdfium_cases(root, skipped)), "PDFium"
        elif os.path.isdir(os.path.join(root, "pypdf")):
            cases, suite = list(assert_cases(root, "tests", ["resources"], skipped)), "pypdf"
        else:
            print(f"skipped: {root} is no suite this script knows", file=sys.stderr)
            continue
        if a.v:
            for why in skipped:
                print(f"  skipped {why}")
        outputs = {}
        passed = {t: 0 for t in tools}
        for pdf, want in cases:
            row = []
            for t in tools:
                if (t, pdf) not in outputs:
                    outputs[t, pdf] = norm(run(t, pdf, a.bin))
                ok = passes(want, outputs[t, pdf])
                passed[t] += ok
                row.append("pass" if ok else "FAIL")
            if a.v:
                shown = want if isinstance(want, str) else want[0]
                print(f"{os.path.basename(pdf)[:40]:40} {shown[:40]!r:44} " + " ".join(f"{t}={r}" for t, r in zip(tools, row)))
        print(f"{suite} ({len(cases)} cases, {len(skipped)} asserts skipped)")
        for t in tools:
            print(f"  {t:12} {passed[t]} / {len(cases)}")
            total[t] += passed[t]
        count += len(cases)
    if len(a.suites) > 1:
        print(f"all ({count} cases)")
        for t in tools:
            print(f"  {t:12} {total[t]} / {count}")


if __name__ == "__main__":
    main()
