//! A tolerant tokenizer for content streams and CMaps (PostScript-like syntax).
//!
//! We parse content ourselves rather than with lopdf's `Content::decode` so that a
//! damaged stream yields every operation up to the damage, inline images are skipped
//! without decoding them, and the operator budget is counted as we go.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Num(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Bool(bool),
    Null,
}

impl Operand {
    /// The number, when finite; NaN and infinities read as absent.
    pub(crate) fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// A value of an inline dictionary.
    pub(crate) fn dict_get(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Nesting bound for arrays and dictionaries: hostile input must not overflow the stack.
const MAX_NESTING: u32 = 32;

/// Reads `operand* operator` groups from a byte slice.
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

enum Token<'a> {
    Operand(Operand),
    Keyword(&'a [u8]),
    ArrayEnd,
    DictEnd,
    Eof,
}

pub(crate) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

pub(crate) fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A literal string's bytes from just after its `(` (escapes and nested parentheses
/// resolved), leaving `pos` after the closing `)`; shared by the content lexer and
/// the object parser.
pub(crate) fn literal_string(data: &[u8], pos: &mut usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut depth = 1u32;
    while let Some(c) = data.get(*pos).copied() {
        *pos += 1;
        match c {
            b'(' => {
                depth += 1;
                out.push(c);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                out.push(c);
            }
            b'\\' => {
                let Some(e) = data.get(*pos).copied() else { break };
                *pos += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'\r' => {
                        if data.get(*pos).copied() == Some(b'\n') {
                            *pos += 1;
                        }
                    }
                    b'\n' => {}
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match data.get(*pos).copied() {
                                Some(d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    *pos += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push((v & 0xff) as u8);
                    }
                    other => out.push(other),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A hex string's bytes from just after its `<`, leaving `pos` after the `>`; a
/// missing last digit counts as 0 (PDF 32000, 7.3.4.3), other bytes are skipped.
pub(crate) fn hex_string(data: &[u8], pos: &mut usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut hi: Option<u8> = None;
    while let Some(c) = data.get(*pos).copied() {
        *pos += 1;
        if c == b'>' {
            break;
        }
        if let Some(v) = hex_val(c) {
            match hi.take() {
                Some(h) => out.push(h * 16 + v),
                None => hi = Some(v),
            }
        }
    }
    if let Some(h) = hi {
        out.push(h * 16);
    }
    out
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Reads the next operator, filling `operands` with what preceded it. `None` at the end.
    pub(crate) fn next_op(&mut self, operands: &mut Vec<Operand>) -> Option<&'a [u8]> {
        operands.clear();
        loop {
            match self.token(0) {
                Token::Eof => return None,
                Token::Operand(o) => {
                    // Runaway operand lists (garbage) are bounded too.
                    if operands.len() < 4096 {
                        operands.push(o);
                    }
                }
                Token::ArrayEnd | Token::DictEnd => {}
                Token::Keyword(k) => {
                    if k == b"BI" {
                        self.skip_inline_image();
                    }
                    return Some(k);
                }
            }
        }
    }

    fn token(&mut self, depth: u32) -> Token<'a> {
        self.skip_white();
        let Some(b) = self.peek() else { return Token::Eof };
        match b {
            b'/' => {
                self.pos += 1;
                Token::Operand(Operand::Name(self.name()))
            }
            b'(' => {
                self.pos += 1;
                Token::Operand(Operand::Str(literal_string(self.data, &mut self.pos)))
            }
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    Token::Operand(self.dict(depth))
                } else {
                    self.pos += 1;
                    Token::Operand(Operand::Str(hex_string(self.data, &mut self.pos)))
                }
            }
            b'>' => {
                self.pos += 1;
                if self.peek() == Some(b'>') {
                    self.pos += 1;
                }
                Token::DictEnd
            }
            b'[' => {
                self.pos += 1;
                Token::Operand(self.array(depth))
            }
            b']' => {
                self.pos += 1;
                Token::ArrayEnd
            }
            b'{' | b'}' | b')' => {
                self.pos += 1;
                self.token(depth)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Token::Operand(self.number()),
            _ => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
                }
                let word = self.data.get(start..self.pos).unwrap_or_default();
                match word {
                    b"true" => Token::Operand(Operand::Bool(true)),
                    b"false" => Token::Operand(Operand::Bool(false)),
                    b"null" => Token::Operand(Operand::Null),
                    _ => Token::Keyword(word),
                }
            }
        }
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            if is_white(c) || is_delim(c) {
                break;
            }
            self.pos += 1;
            if c == b'#' {
                let h = self.data.get(self.pos).copied().and_then(hex_val);
                let l = self.data.get(self.pos + 1).copied().and_then(hex_val);
                if let (Some(h), Some(l)) = (h, l) {
                    out.push(h * 16 + l);
                    self.pos += 2;
                    continue;
                }
            }
            out.push(c);
        }
        out
    }

    fn number(&mut self) -> Operand {
        let start = self.pos;
        self.pos += 1;
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || c == b'.' || c == b'-' || c == b'+' || c == b'e' || c == b'E' {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = std::str::from_utf8(self.data.get(start..self.pos).unwrap_or_default())
            .unwrap_or_default();
        // Tolerate forms like "--5" or "5-" that some writers emit: read the longest valid prefix.
        let mut end = text.len();
        while end > 0 {
            if let Some(Ok(v)) = text.get(..end).map(str::parse::<f32>) {
                return Operand::Num(v);
            }
            end -= 1;
        }
        Operand::Num(0.0)
    }

    fn array(&mut self, depth: u32) -> Operand {
        let mut items = Vec::new();
        if depth >= MAX_NESTING {
            return Operand::Array(items);
        }
        loop {
            match self.token(depth + 1) {
                Token::Eof | Token::ArrayEnd => break,
                Token::Operand(o) => items.push(o),
                // An operator inside an array means the array was never closed.
                Token::Keyword(k) => {
                    self.pos = self.pos.saturating_sub(k.len());
                    break;
                }
                Token::DictEnd => {}
            }
        }
        Operand::Array(items)
    }

    fn dict(&mut self, depth: u32) -> Operand {
        let mut entries = Vec::new();
        if depth >= MAX_NESTING {
            return Operand::Dict(entries);
        }
        let mut key: Option<Vec<u8>> = None;
        loop {
            match self.token(depth + 1) {
                Token::Eof | Token::DictEnd => break,
                Token::Operand(Operand::Name(n)) if key.is_none() => key = Some(n),
                Token::Operand(o) => {
                    if let Some(k) = key.take() {
                        entries.push((k, o));
                    }
                }
                Token::Keyword(k) => {
                    self.pos = self.pos.saturating_sub(k.len());
                    break;
                }
                Token::ArrayEnd => {}
            }
        }
        Operand::Dict(entries)
    }

    /// Skips `key value … ID <data> EI`. The data is binary, so we look for `EI`
    /// between whitespace; a length from `/L` or `/Length` is honoured when present.
    fn skip_inline_image(&mut self) {
        let mut len: Option<usize> = None;
        loop {
            match self.token(1) {
                Token::Eof => return,
                Token::Keyword(b"ID") => break,
                Token::Keyword(b"EI") => return,
                Token::Operand(Operand::Name(n)) if n == b"L" || n == b"Length" => {
                    if let Token::Operand(Operand::Num(v)) = self.token(1)
                        && v.is_finite()
                        && v >= 0.0
                    {
                        len = Some(v as usize);
                    }
                }
                _ => {}
            }
        }
        // One whitespace byte separates ID from the data.
        self.pos += 1;
        if let Some(l) = len {
            let after = self.pos.saturating_add(l);
            if self.ei_at(after) {
                self.pos = after;
                self.skip_white();
                self.pos += 2;
                return;
            }
        }
        let mut i = self.pos;
        while i + 1 < self.data.len() {
            if self.data.get(i) == Some(&b'E')
                && self.data.get(i + 1) == Some(&b'I')
                && i > 0
                && self.data.get(i - 1).is_some_and(|&b| is_white(b))
                && self.data.get(i + 2).is_none_or(|&b| is_white(b) || is_delim(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = self.data.len();
    }

    fn ei_at(&self, mut i: usize) -> bool {
        while self.data.get(i).is_some_and(|&b| is_white(b)) {
            i += 1;
        }
        self.data.get(i) == Some(&b'E') && self.data.get(i + 1) == Some(&b'I')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(src);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lx.next_op(&mut v) {
            out.push((String::from_utf8_lossy(op).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn reads_operators_and_operands() {
        let o = ops(b"BT /F1 12 Tf [(a\\(b) -120 <4142>] TJ ET");
        assert_eq!(o[0].0, "BT");
        assert_eq!(o[1], ("Tf".into(), vec![Operand::Name(b"F1".to_vec()), Operand::Num(12.0)]));
        let Operand::Array(items) = &o[2].1[0] else { panic!() };
        assert_eq!(items[0], Operand::Str(b"a(b".to_vec()));
        assert_eq!(items[1], Operand::Num(-120.0));
        assert_eq!(items[2], Operand::Str(b"AB".to_vec()));
        assert_eq!(o[3].0, "ET");
    }

    #[test]
    fn skips_inline_images_with_binary_data() {
        let o = ops(b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xff\n EI Q (x) Tj");
        let names: Vec<_> = o.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["BI", "Q", "Tj"]);
    }

    #[test]
    fn survives_garbage_and_deep_nesting() {
        let mut deep = vec![b'['; 10_000];
        deep.extend_from_slice(b" Tj");
        let _ = ops(&deep);
        let _ = ops(b"(unterminated \\");
        let _ = ops(b"<< /A <<");
        let _ = ops(b"1.2.3.-- Td");
    }
}
