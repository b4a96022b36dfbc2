#!/usr/bin/env bash
# Writes files of a peer's bare git mirror (no work tree) into DEST, for bench/peer_suite.py.
# `git archive` stops at the first blob the mirror lacks (large files may be absent); this
# skips those and names them on stderr.
# usage: bench/peer_export.sh REPO_GIT_DIR DEST PATHSPEC...
#   e.g. bench/peer_export.sh /work/.mirror/apache+pdfbox/repo /tmp/pdfbox \
#          pdfbox/src/test/resources/input pdfbox/src/test/resources/org/apache/pdfbox/text
set -u
repo=$1; dest=$2; shift 2
git -C "$repo" ls-tree -r HEAD -- "$@" | while read -r _mode type obj path; do
  [ "$type" = blob ] || continue
  mkdir -p "$dest/$(dirname "$path")"
  git -C "$repo" cat-file blob "$obj" > "$dest/$path" 2>/dev/null || { rm -f "$dest/$path"; echo "missing $path" >&2; }
done
