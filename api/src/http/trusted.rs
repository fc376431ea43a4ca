//! Trusted documents: the portals' operations (`portals/*/*.graphql`, embedded at build time),
//! each known by the SHA-256 of its text. A client may send `"documentId": "sha256:<hex>"`
//! instead of the text (or Apollo's `extensions.persistedQuery.sha256Hash`); an unknown id is
//! answered with `PERSISTED_QUERY_NOT_FOUND`. With `trusted_documents.required` on, callers of
//! any role not named in `full_documents_for` (and anonymous callers) may run only these
//! documents, however they send them. `jobbro trusted-documents` prints the manifest.

use std::{collections::HashMap, sync::LazyLock};

use async_graphql::{Request, ServerError};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{config::Settings, kernel::limits::coded};

include!(concat!(env!("OUT_DIR"), "/portal_documents.rs"));

/// The code of an unknown document id.
pub const NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
/// The code of a document that is not trusted, sent where only trusted ones are accepted.
pub const REQUIRED: &str = "TRUSTED_DOCUMENT_REQUIRED";
/// Where a request carries its document id once read (moved from the top level, which
/// async-graphql's request does not keep).
const ID_EXTENSION: &str = "documentId";

/// One trusted document.
#[derive(Debug)]
pub struct TrustedDocument {
    /// `sha256:<hex>` of the text.
    pub id: String,
    /// The operation's name (the file's name).
    pub name: String,
    /// Where it lives, under `portals/`.
    pub path: &'static str,
    /// `query` or `mutation`.
    pub kind: &'static str,
    pub text: &'static str,
}

static DOCUMENTS: LazyLock<Vec<TrustedDocument>> = LazyLock::new(|| {
    PORTAL_DOCUMENTS
        .iter()
        .map(|(path, text)| TrustedDocument {
            id: id_of(text),
            name: path
                .rsplit('/')
                .next()
                .unwrap_or(path)
                .trim_end_matches(".graphql")
                .to_string(),
            path,
            kind: kind_of(text),
            text,
        })
        .collect()
});

static BY_ID: LazyLock<HashMap<&'static str, &'static TrustedDocument>> =
    LazyLock::new(|| DOCUMENTS.iter().map(|d| (d.id.as_str(), d)).collect());

/// `mutation` when the document's operation is one, else `query`.
fn kind_of(text: &str) -> &'static str {
    let mutation = async_graphql::parser::parse_query(text).is_ok_and(|doc| {
        doc.operations
            .iter()
            .any(|(_, op)| op.node.ty == async_graphql::parser::types::OperationType::Mutation)
    });
    if mutation { "mutation" } else { "query" }
}

/// The id of a document's text: `sha256:` and the hex digest.
pub fn id_of(text: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(text.as_bytes())))
}

/// Every trusted document.
pub fn all() -> &'static [TrustedDocument] {
    &DOCUMENTS
}

/// The manifest a portal's build reads: every document with its id, name, kind and text.
pub fn manifest() -> Value {
    json!({
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": all().iter().map(|d| json!({
            "id": d.id,
            "name": d.name,
            "type": d.kind,
            "body": d.text,
            "path": format!("portals/{}", d.path),
        })).collect::<Vec<_>>(),
    })
}

/// Moves a top-level `documentId` of each request in a JSON body (one request or a batch) into
/// the request's extensions, where it survives parsing.
pub fn lift_document_ids(body: &mut Value) {
    let requests: Vec<&mut Value> = match body {
        Value::Array(list) => list.iter_mut().collect(),
        other => vec![other],
    };
    for request in requests {
        let Some(object) = request.as_object_mut() else {
            continue;
        };
        if let Some(id) = object.remove(ID_EXTENSION) {
            let extensions = object
                .entry("extensions")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(extensions) = extensions.as_object_mut() {
                extensions.insert(ID_EXTENSION.into(), id);
            }
        }
    }
}

/// Whether a request names its document by id instead of sending the text.
pub fn names_a_document(request: &Request) -> bool {
    document_id(request).is_some()
}

fn document_id(request: &Request) -> Option<String> {
    let string = |v: &async_graphql::Value| match v {
        async_graphql::Value::String(s) => Some(s.clone()),
        _ => None,
    };
    if let Some(id) = request.extensions.get(ID_EXTENSION).and_then(string) {
        return Some(id);
    }
    // Apollo's automatic persisted queries: a bare hex digest.
    match request.extensions.get("persistedQuery") {
        Some(async_graphql::Value::Object(pq)) => pq
            .get("sha256Hash")
            .and_then(string)
            .map(|hash| format!("sha256:{hash}")),
        _ => None,
    }
}

/// Puts the text of the document a request names by id into the request; a request that sends
/// its text is left as it is.
pub fn resolve(request: &mut Request) -> Result<(), ServerError> {
    if !request.query.trim().is_empty() {
        return Ok(());
    }
    let Some(id) = document_id(request) else {
        return Ok(());
    };
    let Some(document) = BY_ID.get(id.to_ascii_lowercase().as_str()) else {
        return Err(coded(
            format!(
                "no trusted document has the id `{id}`; ids are `sha256:` and the hex SHA-256 of \
                 a document of the manifest (`jobbro trusted-documents`)"
            ),
            NOT_FOUND,
        ));
    };
    request.query = document.text.to_string();
    if request.operation_name.is_none() {
        request.operation_name = Some(document.name.clone());
    }
    Ok(())
}

/// Refuses a document that is not trusted where the settings require trusted ones for the
/// caller's role (`None`: anonymous).
pub fn enforce(
    settings: &Settings,
    role: Option<&str>,
    request: &Request,
) -> Result<(), ServerError> {
    let policy = &settings.trusted_documents;
    if !policy.required {
        return Ok(());
    }
    if role.is_some_and(|r| policy.full_documents_for.iter().any(|allowed| allowed == r)) {
        return Ok(());
    }
    if BY_ID.contains_key(id_of(&request.query).as_str()) {
        return Ok(());
    }
    Err(coded(
        "this server runs only trusted documents for your role: send `documentId` with the id \
         of a portal operation (`jobbro trusted-documents` lists them)",
        REQUIRED,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_portal_file_is_a_trusted_document_with_its_own_id() {
        assert!(all().len() >= 30, "{} documents", all().len());
        assert_eq!(BY_ID.len(), all().len(), "no two documents share an id");
        let me = all()
            .iter()
            .find(|d| d.path == "citizen/Me.graphql")
            .map(|d| (d.name.as_str(), d.kind, d.id.len()));
        assert_eq!(me, Some(("Me", "query", "sha256:".len() + 64)));
    }
}
