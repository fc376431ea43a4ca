//! GraphiQL, served from the binary itself: the page and its scripts are vendored in
//! `api/assets/graphiql/` at pinned versions (see the README there), so the page works on a
//! machine without internet access and no request leaves it.

use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// One embedded file: its name under `/graphiql/`, content type and bytes.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

macro_rules! asset {
    ($name:literal, $type:literal) => {
        Asset {
            name: $name,
            content_type: $type,
            bytes: include_bytes!(concat!("../../assets/graphiql/", $name)),
        }
    };
}

const ASSETS: &[Asset] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("start.js", "text/javascript; charset=utf-8"),
    asset!("graphiql.min.js", "text/javascript; charset=utf-8"),
    asset!("graphiql.min.css", "text/css; charset=utf-8"),
    asset!("react.production.min.js", "text/javascript; charset=utf-8"),
    asset!(
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8"
    ),
];

/// `/graphiql`: the page.
pub async fn page() -> Response {
    serve("index.html")
}

/// `/graphiql/{name}`: one of the page's files; 404 for anything else.
pub async fn file(Path(name): Path<String>) -> Response {
    serve(&name)
}

fn serve(name: &str) -> Response {
    let Some(asset) = ASSETS.iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let mut resp = asset.bytes.into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The page is small and changes with the binary; the libraries are pinned.
    let cache = if asset.name == "index.html" || asset.name == "start.js" {
        "no-cache"
    } else {
        "public, max-age=86400"
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_loads_nothing_from_another_origin() {
        for asset in ASSETS
            .iter()
            .filter(|a| a.name == "index.html" || a.name == "start.js")
        {
            let text = String::from_utf8_lossy(asset.bytes);
            for scheme in ["http://", "https://", "//"] {
                for attribute in ["src=\"", "href=\""] {
                    assert!(
                        !text.contains(&format!("{attribute}{scheme}")),
                        "{} loads something from another origin ({attribute}{scheme})",
                        asset.name
                    );
                }
            }
        }
    }
}
