//! Limits on the GraphQL document itself, checked before async-graphql validates it: its length,
//! its tokens, its directives, its aliases, the fragment spreads an operation expands to, and
//! how deep its data selections nest. Introspection (`__schema`, `__type`) is not a data query:
//! its depth is not counted, so the standard introspection query that GraphiQL, Apollo and
//! codegen tools send (fifteen levels of `ofType`) passes while data stays limited.
//! Validation (depth, complexity) walks fragments once per spread, so a document of doubling
//! fragments (`fragment F2 on T { ...F1 ...F1 }`, thirty levels deep) makes it work
//! exponentially; these checks are linear in the document, and refuse such a document first.
//!
//! Also here: the codes that parse and validation errors carry (`GRAPHQL_PARSE_FAILED`,
//! `GRAPHQL_VALIDATION_FAILED`), so clients and the HTTP layer can tell them apart.

use std::collections::HashMap;

use async_graphql::{
    ErrorExtensionValues, ServerError,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

/// The code of a document refused by one of these limits.
pub const TOO_LARGE: &str = "QUERY_TOO_LARGE";
/// The code of a document that is not GraphQL.
pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// The code of a document that does not fit the schema, or is too deep or too complex.
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// The limits, from settings.
#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    pub max_chars: usize,
    pub max_tokens: usize,
    pub max_directives: usize,
    pub max_aliases: usize,
    pub max_fragment_spreads: usize,
    /// The deepest nesting of data fields (`{ a { b } }` is 2).
    pub max_depth: usize,
}

impl From<&crate::config::Limits> for DocumentLimits {
    fn from(l: &crate::config::Limits) -> Self {
        Self {
            max_chars: l.max_document_chars,
            max_tokens: l.max_tokens,
            max_directives: l.max_directives,
            max_aliases: l.max_aliases,
            max_fragment_spreads: l.max_fragment_spreads,
            max_depth: l.max_depth,
        }
    }
}

/// A GraphQL error with a code.
pub fn coded(message: impl Into<String>, code: &str) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    err.extensions = Some(ext);
    err
}

impl DocumentLimits {
    /// Checks the text before it is parsed: its length and its number of tokens.
    pub fn check_text(&self, query: &str) -> Result<(), ServerError> {
        let chars = query.chars().count();
        if chars > self.max_chars {
            return Err(coded(
                format!(
                    "the document has {chars} characters; at most {} are allowed",
                    self.max_chars
                ),
                TOO_LARGE,
            ));
        }
        if count_tokens(query, self.max_tokens + 1) > self.max_tokens {
            return Err(coded(
                format!(
                    "the document has more than {} tokens; send a smaller document",
                    self.max_tokens
                ),
                TOO_LARGE,
            ));
        }
        Ok(())
    }

    /// Checks a parsed document: directives, aliases and expanded fragment spreads.
    pub fn check_document(&self, doc: &ExecutableDocument) -> Result<(), ServerError> {
        let sets: Vec<&SelectionSet> = doc
            .operations
            .iter()
            .map(|(_, op)| &op.node.selection_set.node)
            .chain(doc.fragments.values().map(|f| &f.node.selection_set.node))
            .collect();
        let mut tally = Tally::default();
        for set in &sets {
            tally.add(set);
        }
        tally.directives += doc
            .operations
            .iter()
            .map(|(_, op)| op.node.directives.len())
            .chain(doc.fragments.values().map(|f| f.node.directives.len()))
            .sum::<usize>();
        if tally.directives > self.max_directives {
            return Err(coded(
                format!(
                    "the document uses {} directives; at most {} are allowed",
                    tally.directives, self.max_directives
                ),
                TOO_LARGE,
            ));
        }
        if tally.aliases > self.max_aliases {
            return Err(coded(
                format!(
                    "the document uses {} aliases; at most {} are allowed",
                    tally.aliases, self.max_aliases
                ),
                TOO_LARGE,
            ));
        }
        let mut walk = Expansion {
            doc,
            memo: HashMap::new(),
            cap: self.max_fragment_spreads,
        };
        let mut measured = Vec::with_capacity(doc.operations.iter().count());
        for (_, op) in doc.operations.iter() {
            measured.push(walk.of_set(&op.node.selection_set.node)?);
        }
        if measured
            .iter()
            .any(|m| m.spreads > self.max_fragment_spreads)
        {
            return Err(coded(
                format!(
                    "an operation expands to more than {} fragment spreads; use fewer \
                     fragments or spread them fewer times",
                    self.max_fragment_spreads
                ),
                TOO_LARGE,
            ));
        }
        if let Some(deepest) = measured
            .iter()
            .map(|m| m.depth)
            .find(|d| *d > self.max_depth)
        {
            return Err(coded(
                format!(
                    "the query is nested too deep: {deepest} levels of fields; at most {} \
                     are allowed (introspection does not count)",
                    self.max_depth
                ),
                VALIDATION_FAILED,
            ));
        }
        Ok(())
    }
}

/// Counts what is written in a selection set, fragments not expanded.
#[derive(Default)]
struct Tally {
    aliases: usize,
    directives: usize,
}

impl Tally {
    fn add(&mut self, set: &SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    self.aliases += usize::from(f.node.alias.is_some());
                    self.directives += f.node.directives.len();
                    self.add(&f.node.selection_set.node);
                }
                Selection::InlineFragment(f) => {
                    self.directives += f.node.directives.len();
                    self.add(&f.node.selection_set.node);
                }
                Selection::FragmentSpread(s) => self.directives += s.node.directives.len(),
            }
        }
    }
}

/// What a selection set expands to once its fragments are spread.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// Fragment spreads, counted up to just past the cap.
    spreads: usize,
    /// Levels of data fields; the introspection roots (`__schema`, `__type`) count as one,
    /// whatever they select.
    depth: usize,
}

/// Measures selection sets with their fragments expanded, each fragment measured once (so a
/// document of doubling fragments costs what it is long, not what it expands to).
struct Expansion<'a> {
    doc: &'a ExecutableDocument,
    /// Each fragment's measure; `None` while the fragment is being measured (a cycle).
    memo: HashMap<&'a str, Option<Measure>>,
    /// Counting spreads stops above this: the answer is "too many" either way.
    cap: usize,
}

impl<'a> Expansion<'a> {
    fn of_set(&mut self, set: &'a SelectionSet) -> Result<Measure, ServerError> {
        let mut total = Measure::default();
        for item in &set.items {
            let (spreads, depth) = match &item.node {
                Selection::Field(f) => {
                    let inner = self.of_set(&f.node.selection_set.node)?;
                    let name = f.node.name.node.as_str();
                    let introspection = name == "__schema" || name == "__type";
                    (
                        inner.spreads,
                        if introspection { 1 } else { 1 + inner.depth },
                    )
                }
                Selection::InlineFragment(f) => {
                    let inner = self.of_set(&f.node.selection_set.node)?;
                    (inner.spreads, inner.depth)
                }
                Selection::FragmentSpread(s) => {
                    let inner = self.of_fragment(s.node.fragment_name.node.as_str())?;
                    (1 + inner.spreads, inner.depth)
                }
            };
            total.spreads = total.spreads.saturating_add(spreads);
            total.depth = total.depth.max(depth);
            if total.spreads > self.cap {
                break;
            }
        }
        Ok(total)
    }

    fn of_fragment(&mut self, name: &'a str) -> Result<Measure, ServerError> {
        match self.memo.get(name) {
            Some(Some(m)) => return Ok(*m),
            Some(None) => {
                return Err(coded(
                    format!("the fragment {name} spreads itself"),
                    VALIDATION_FAILED,
                ));
            }
            None => {}
        }
        // Unknown fragments are left to validation, which names them.
        let Some(fragment) = self.doc.fragments.get(name) else {
            return Ok(Measure::default());
        };
        // Recursion goes as deep as fragments nest, which the token limit bounds.
        self.memo.insert(name, None);
        let m = self.of_set(&fragment.node.selection_set.node)?;
        self.memo.insert(name, Some(m));
        Ok(m)
    }
}

/// The number of lexical tokens in a GraphQL document, counting up to `stop` at most.
/// Whitespace, commas and comments are not tokens; a string (block strings included) is one.
pub fn count_tokens(text: &str, stop: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut tokens = 0;
    while i < bytes.len() && tokens < stop {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' => {
                tokens += 1;
                i = skip_string(bytes, i);
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                tokens += 1;
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                tokens += 1;
                i += 1;
                // Names and numbers (with `.`, `e`, `+`, `-` in floats) run to the next
                // punctuator or space.
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'.' | b'+' | b'-'))
                    && !bytes[i..].starts_with(b"...")
                {
                    i += 1;
                }
            }
            _ => {
                tokens += 1;
                // One punctuator, or one character of anything else (the parser reports it).
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    tokens
}

/// The index just past the string starting at `start` (a `"` or `"""`).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return i;
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    i
}

/// Gives the errors of a request that never ran their code: an error without a path and
/// without a code of its own comes from validation (an unknown field, a wrong argument, a query
/// too deep or too complex); errors from resolvers always carry the path of their field.
pub fn code_request_errors(response: &mut async_graphql::Response) {
    for e in &mut response.errors {
        if !e.path.is_empty() {
            continue;
        }
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            ext.set("code", VALIDATION_FAILED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> DocumentLimits {
        DocumentLimits {
            max_chars: 100_000,
            max_tokens: 100_000,
            max_directives: 50,
            max_aliases: 30,
            max_fragment_spreads: 200,
            max_depth: 4,
        }
    }

    #[test]
    fn tokens_are_counted_as_the_spec_lexes_them() {
        assert_eq!(count_tokens("{ a }", 100), 3);
        assert_eq!(
            count_tokens("query Q($x: Int = -1.5e3) { a(x: $x) }", 100),
            19
        );
        assert_eq!(count_tokens("{ ...F } # a comment { { {", 100), 4);
        assert_eq!(count_tokens("{ a(s: \"x { y } \\\" z\") }", 100), 8);
        assert_eq!(count_tokens("{ a(s: \"\"\"\n{ { {\n\"\"\") }", 100), 8);
        assert_eq!(count_tokens("{{{{{{{{{{", 4), 4, "stops at the bound");
    }

    #[test]
    fn doubling_fragments_are_refused_without_expanding_them() -> Result<(), ServerError> {
        let mut text = String::from("query { viewer { ...F40 } } fragment F0 on Viewer { role }");
        for i in 1..=40 {
            text.push_str(&format!(
                " fragment F{i} on Viewer {{ ...F{p} ...F{p} }}",
                p = i - 1
            ));
        }
        let doc = async_graphql::parser::parse_query(&text).map_err(ServerError::from)?;
        let err = limits().check_document(&doc).err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.message.contains("fragment spreads")),
            "{err:?}"
        );
        Ok(())
    }

    #[test]
    fn a_fragment_cycle_is_refused() -> Result<(), ServerError> {
        let doc = async_graphql::parser::parse_query(
            "{ viewer { ...A } } fragment A on Viewer { ...B } fragment B on Viewer { ...A }",
        )
        .map_err(ServerError::from)?;
        assert!(limits().check_document(&doc).is_err());
        Ok(())
    }

    #[test]
    fn depth_counts_data_fields_through_fragments_but_not_introspection() -> Result<(), ServerError>
    {
        let parse =
            |text: &str| async_graphql::parser::parse_query(text).map_err(ServerError::from);
        // viewer > a > b > c > d: five levels, one through a fragment.
        let deep = parse("{ viewer { a { ...F } } } fragment F on T { b { c { d } } }")?;
        let err = limits().check_document(&deep).err();
        assert!(
            err.as_ref()
                .is_some_and(|e| e.message.contains("nested too deep: 5")),
            "{err:?}"
        );
        assert!(
            limits()
                .check_document(&parse("{ viewer { a { b { c } } } }")?)
                .is_ok()
        );
        let introspection = parse(
            "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }",
        )?;
        limits().check_document(&introspection)
    }

    #[test]
    fn ordinary_fragments_pass() -> Result<(), ServerError> {
        let doc = async_graphql::parser::parse_query(
            "{ viewer { ...A ...A } } fragment A on Viewer { role ...B } fragment B on Viewer { role }",
        )
        .map_err(ServerError::from)?;
        limits().check_document(&doc)
    }
}
