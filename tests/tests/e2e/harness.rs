//! A real server on a free loopback port, and a real HTTP client to talk to it.

use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use jobbro_api::testing::{Principal, TestApp, World, world};
use reqwest::{StatusCode, header::HeaderMap};
use serde_json::Value;
use tokio::{sync::watch, task::JoinHandle};

/// How long the server may take to stop after being told to.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The server, serving the test world over HTTP.
pub struct Server {
    pub app: TestApp,
    pub world: World,
    /// `http://127.0.0.1:<port>/graphql`.
    pub graphql_url: String,
    client: reqwest::Client,
    shutdown: watch::Sender<bool>,
    handle: JoinHandle<Result<()>>,
}

/// One HTTP answer.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Server {
    /// A fresh database with the test world, served on a free port.
    pub async fn start() -> Result<Self> {
        Self::start_with(|_| {}).await
    }

    /// As [`Server::start`], with settings changed first.
    pub async fn start_with(
        configure: impl FnOnce(&mut jobbro_api::config::Settings),
    ) -> Result<Self> {
        let app = TestApp::spawn_with(configure)
            .await
            .context("spawning the test app")?;
        let world = world(&app.db).await.context("building the test world")?;
        let (addr, shutdown, handle) = app.serve().await.context("starting the server")?;
        let client = reqwest::Client::builder()
            // A proxy from the environment must not stand between the test and loopback.
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()?;
        Ok(Self {
            app,
            world,
            graphql_url: format!("http://{addr}/graphql"),
            client,
            shutdown,
            handle,
        })
    }

    /// A bearer token for `who`.
    pub fn token(&self, who: &Principal) -> String {
        self.app.token(who)
    }

    /// POSTs a JSON body to `/graphql` with the given `Authorization` header value, if any,
    /// and extra headers.
    pub async fn post_raw(
        &self,
        authorization: Option<&str>,
        extra: &[(&str, &str)],
        body: &Value,
    ) -> Result<Reply> {
        let mut req = self.client.post(&self.graphql_url).json(body);
        if let Some(a) = authorization {
            req = req.header(reqwest::header::AUTHORIZATION, a);
        }
        for (name, value) in extra {
            req = req.header(*name, *value);
        }
        let resp = req.send().await.context("sending the request")?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.context("reading the response body")?;
        let body = serde_json::from_str(&text)
            .with_context(|| format!("the response ({status}) is not JSON: {text}"))?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    /// POSTs a GraphQL operation as `who`.
    pub async fn operation(
        &self,
        who: &Principal,
        query: &str,
        operation_name: &str,
        variables: &Value,
    ) -> Result<Reply> {
        let body = serde_json::json!({
            "query": query,
            "operationName": operation_name,
            "variables": variables,
        });
        let bearer = format!("Bearer {}", self.token(who));
        self.post_raw(Some(&bearer), &[], &body).await
    }

    /// POSTs a trusted document by its id (`documentId`), as a portal built with the manifest
    /// sends it.
    pub async fn operation_by_id(
        &self,
        who: &Principal,
        document_id: &str,
        variables: &Value,
    ) -> Result<Reply> {
        let body = serde_json::json!({ "documentId": document_id, "variables": variables });
        let bearer = format!("Bearer {}", self.token(who));
        self.post_raw(Some(&bearer), &[], &body).await
    }

    /// GETs a path of the server (e.g. a basis's `csvPath`) as `who`: the status, the content
    /// type and the body's bytes.
    pub async fn download(
        &self,
        who: &Principal,
        path: &str,
    ) -> Result<(StatusCode, String, Vec<u8>)> {
        let base = self.graphql_url.trim_end_matches("/graphql");
        let resp = self
            .client
            .get(format!("{base}{path}"))
            .bearer_auth(self.token(who))
            .send()
            .await
            .with_context(|| format!("GET {path}"))?;
        let status = resp.status();
        let kind = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        Ok((status, kind, resp.bytes().await?.to_vec()))
    }

    /// Tells the server to stop and waits until it has.
    pub async fn stop(self) -> Result<()> {
        // `send_replace` cannot fail; if the server already ended, the handle says why.
        self.shutdown.send_replace(true);
        match tokio::time::timeout(SHUTDOWN_GRACE, self.handle).await {
            Ok(joined) => joined.context("the server task panicked")?,
            Err(_) => bail!("the server did not stop within {SHUTDOWN_GRACE:?}"),
        }
    }
}

/// The value at a JSON pointer (`/a/b/0`), or an error naming the pointer and the document.
pub fn at<'a>(v: &'a Value, pointer: &str) -> Result<&'a Value> {
    v.pointer(pointer)
        .with_context(|| format!("no {pointer} in {v}"))
}

/// The array at a JSON pointer.
pub fn array<'a>(v: &'a Value, pointer: &str) -> Result<&'a Vec<Value>> {
    at(v, pointer)?
        .as_array()
        .with_context(|| format!("{pointer} is not a list in {v}"))
}

/// The string at a JSON pointer.
pub fn string<'a>(v: &'a Value, pointer: &str) -> Result<&'a str> {
    at(v, pointer)?
        .as_str()
        .with_context(|| format!("{pointer} is not a string in {v}"))
}
