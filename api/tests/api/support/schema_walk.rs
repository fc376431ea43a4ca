//! The schema as data, for tests that must hold for every field rather than for a hand-picked
//! few: which fields a type has, which of them are lists, and a selection of every scalar and
//! nested object of a type down to a depth.

use std::collections::HashMap;

use async_graphql::parser::{
    parse_schema,
    types::{BaseType, Type, TypeKind, TypeSystemDefinition},
};

/// One field of an object type.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    /// The named type under any list and non-null wrappers.
    pub type_name: String,
    /// Whether the field is a list (`[T]`) itself.
    pub list: bool,
    /// The field's arguments: name, named type, required.
    pub args: Vec<(String, String, bool)>,
    /// Its description.
    pub description: String,
}

impl Field {
    /// Whether every argument may be left out.
    pub fn no_required_args(&self) -> bool {
        self.args.iter().all(|(_, _, required)| !required)
    }

    /// Whether the field is a Relay connection (paged with `first`).
    pub fn connection(&self) -> bool {
        self.type_name.ends_with("Connection") && self.args.iter().any(|(n, _, _)| n == "first")
    }
}

/// Every object type's fields, and which names are scalars or enums.
pub struct SchemaMap {
    objects: HashMap<String, Vec<Field>>,
}

fn named(ty: &Type) -> (String, bool) {
    match &ty.base {
        BaseType::Named(n) => (n.to_string(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

impl SchemaMap {
    /// The served schema, read from its SDL.
    pub fn load() -> anyhow::Result<Self> {
        let doc = parse_schema(jobbro_api::schema::sdl())?;
        let mut objects = HashMap::new();
        for def in doc.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let t = t.node;
            if let TypeKind::Object(o) = t.kind {
                let fields = o
                    .fields
                    .into_iter()
                    .map(|f| {
                        let f = f.node;
                        let (type_name, list) = named(&f.ty.node);
                        Field {
                            description: f
                                .description
                                .as_ref()
                                .map(|d| d.node.clone())
                                .unwrap_or_default(),
                            name: f.name.node.to_string(),
                            type_name,
                            list,
                            args: f
                                .arguments
                                .into_iter()
                                .map(|a| {
                                    let a = a.node;
                                    let required = !a.ty.node.nullable && a.default_value.is_none();
                                    (a.name.node.to_string(), named(&a.ty.node).0, required)
                                })
                                .collect(),
                        }
                    })
                    .collect();
                objects.insert(t.name.node.to_string(), fields);
            }
        }
        Ok(Self { objects })
    }

    /// The fields of an object type.
    pub fn fields(&self, type_name: &str) -> &[Field] {
        self.objects
            .get(type_name)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every object type's name.
    pub fn object_names(&self) -> impl Iterator<Item = &str> {
        self.objects.keys().map(String::as_str)
    }

    /// Whether a type is an object type (as opposed to a scalar or an enum).
    pub fn is_object(&self, type_name: &str) -> bool {
        self.objects.contains_key(type_name)
    }

    /// A selection of every field of `type_name` that takes no required argument: scalars and
    /// enums by name, objects with their own selection, `depth` levels down. Fields that need
    /// arguments get them from `args` (field name → argument text) or are left out.
    pub fn selection(
        &self,
        type_name: &str,
        depth: usize,
        args: &dyn Fn(&Field) -> Option<String>,
    ) -> String {
        let mut parts = Vec::new();
        for f in self.fields(type_name) {
            let call = match args(f) {
                Some(a) => format!("{}({a})", f.name),
                None if f.no_required_args() => f.name.clone(),
                None => continue,
            };
            if !self.is_object(&f.type_name) {
                parts.push(call);
            } else if depth > 1 {
                let inner = self.selection(&f.type_name, depth - 1, args);
                if !inner.is_empty() {
                    parts.push(format!("{call} {{ {inner} }}"));
                }
            }
        }
        parts.join(" ")
    }
}
