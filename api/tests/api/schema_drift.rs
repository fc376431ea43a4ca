//! The committed `schema.graphql` is what portal developers and client code generators read, so
//! it must match the schema the code builds, and everything in it should be documented.

use async_graphql::parser::{
    parse_schema,
    types::{ServiceDocument, TypeKind, TypeSystemDefinition},
};

const REGENERATE: &str = "cargo run -p jobbro-api -- schema > schema.graphql";

fn committed_path() -> String {
    format!("{}/../schema.graphql", env!("CARGO_MANIFEST_DIR"))
}

/// The first line where `committed` and `built` differ (1-based), with both versions of it.
fn first_difference(committed: &str, built: &str) -> Option<(usize, String, String)> {
    let mut left = committed.lines();
    let mut right = built.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (left.next(), right.next()) {
            (None, None) => return None,
            (l, r) if l == r => continue,
            (l, r) => {
                let show =
                    |s: Option<&str>| s.map_or("<end of file>".to_string(), |s| format!("{s:?}"));
                return Some((n, show(l), show(r)));
            }
        }
    }
}

#[test]
fn schema_graphql_is_up_to_date() {
    let path = committed_path();
    let committed = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => panic!(
            "could not read {path}: {e}\n\nGenerate it from the repository root with:\n\n    {REGENERATE}\n"
        ),
    };
    // Line endings are a checkout setting (git autocrlf), not a schema change.
    let committed = committed.replace("\r\n", "\n");
    let built = jobbro_api::schema::sdl();
    if committed == built {
        return;
    }
    let detail = match first_difference(&committed, &built) {
        Some((line, file, code)) => format!(
            "first difference at line {line}:\n  schema.graphql: {file}\n  the code:       {code}"
        ),
        // Same lines, different bytes: only a trailing newline can differ.
        None => "the files differ only in the trailing newline".to_string(),
    };
    panic!(
        "schema.graphql does not match the schema the code builds.\n\
         Regenerate it from the repository root with:\n\n    {REGENERATE}\n\n\
         and commit it together with the change.\n\n{detail}\n"
    );
}

fn parsed() -> ServiceDocument {
    match parse_schema(jobbro_api::schema::sdl()) {
        Ok(doc) => doc,
        Err(e) => panic!("the built SDL does not parse: {e}"),
    }
}

/// Types async-graphql generates for Relay connections and introspection; their descriptions
/// are not ours to write.
fn generated(type_name: &str) -> bool {
    type_name == "PageInfo"
        || type_name.ends_with("Connection")
        || type_name.ends_with("Edge")
        || type_name.starts_with("__")
}

fn documented(description: Option<&str>) -> bool {
    description.is_some_and(|d| !d.trim().is_empty())
}

/// What lacks a description, as `Type.field`, `Type.field(argument)`, `Type` and so on.
#[derive(Default)]
struct Undocumented {
    /// Object and interface fields, input fields, enum values.
    members: Vec<String>,
    /// Field arguments.
    arguments: Vec<String>,
    /// Object, interface, input, enum, union and scalar types.
    types: Vec<String>,
}

fn undocumented() -> Undocumented {
    let mut out = Undocumented::default();
    for definition in parsed().definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = ty.node;
        let name = ty.name.node.as_str();
        if generated(name) {
            continue;
        }
        if !documented(ty.description.as_ref().map(|d| d.node.as_str())) {
            out.types.push(name.to_string());
        }
        match &ty.kind {
            TypeKind::Object(o) => check_fields(name, &o.fields, &mut out),
            TypeKind::Interface(i) => check_fields(name, &i.fields, &mut out),
            TypeKind::InputObject(input) => {
                for f in &input.fields {
                    if !documented(f.node.description.as_ref().map(|d| d.node.as_str())) {
                        out.members
                            .push(format!("{name}.{} (input field)", f.node.name.node));
                    }
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.values {
                    if !documented(v.node.description.as_ref().map(|d| d.node.as_str())) {
                        out.members
                            .push(format!("{name}.{} (enum value)", v.node.value.node));
                    }
                }
            }
            TypeKind::Scalar | TypeKind::Union(_) => {}
        }
    }
    out
}

fn check_fields(
    type_name: &str,
    fields: &[async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>],
    out: &mut Undocumented,
) {
    for f in fields {
        let field = f.node.name.node.as_str();
        if !documented(f.node.description.as_ref().map(|d| d.node.as_str())) {
            out.members.push(format!("{type_name}.{field}"));
        }
        for a in &f.node.arguments {
            if !documented(a.node.description.as_ref().map(|d| d.node.as_str())) {
                out.arguments
                    .push(format!("{type_name}.{field}({})", a.node.name.node));
            }
        }
    }
}

#[test]
fn every_field_input_field_and_enum_value_is_documented() {
    let missing = undocumented().members;
    assert!(
        missing.is_empty(),
        "these lack a description; add a `///` doc comment on the resolver, struct field or \
         enum variant (async-graphql turns it into the SDL description), then regenerate \
         schema.graphql:\n  {}\n",
        missing.join("\n  ")
    );
}

/// Arguments and types allowed to go without a description: none so far. Adding one here
/// needs a reason in a comment; an entry that has since been documented fails the test.
const KNOWN_UNDOCUMENTED: &[&str] = &[];

#[test]
fn no_new_undocumented_arguments_or_types() {
    let found = undocumented();
    let found: Vec<String> = found.arguments.into_iter().chain(found.types).collect();
    let new: Vec<&str> = found
        .iter()
        .map(String::as_str)
        .filter(|f| !KNOWN_UNDOCUMENTED.contains(f))
        .collect();
    let fixed: Vec<&str> = KNOWN_UNDOCUMENTED
        .iter()
        .copied()
        .filter(|k| !found.iter().any(|f| f == k))
        .collect();
    let mut problems = String::new();
    if !new.is_empty() {
        problems.push_str(&format!(
            "new arguments or types without a description (add a `///` doc comment, or \
             `#[graphql(desc = \"..\")]` on an argument; for an `#[Object]` type the doc comment \
             goes on the `impl` block), then regenerate schema.graphql:\n  {}\n",
            new.join("\n  ")
        ));
    }
    if !fixed.is_empty() {
        problems.push_str(&format!(
            "documented now, so remove them from KNOWN_UNDOCUMENTED in {}:\n  {}\n",
            file!(),
            fixed.join("\n  ")
        ));
    }
    assert!(problems.is_empty(), "{problems}");
}
