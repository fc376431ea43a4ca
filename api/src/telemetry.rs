//! Logging and traces: log lines to stderr (pretty in dev, JSON in production) and, when
//! `tracing.otlp_endpoint` is set in a build with the `otlp` feature, every span exported over
//! OTLP/HTTP, so a request shows in a tracing backend with its request id, operation and role.

use tracing_subscriber::{
    EnvFilter, Layer, Registry, layer::SubscriberExt, util::SubscriberInitExt,
};

use crate::config::{LogFormat, Settings};

/// What must stay alive while the server runs, and be shut down to flush the last spans.
pub struct Telemetry {
    #[cfg(feature = "otlp")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Telemetry {
    /// Sends the spans still buffered.
    pub fn shutdown(self) {
        #[cfg(feature = "otlp")]
        if let Some(provider) = self.provider
            && let Err(e) = provider.shutdown()
        {
            eprintln!("could not flush the last spans: {e}");
        }
    }
}

type BoxedLayer = Box<dyn Layer<Registry> + Send + Sync>;

/// Installs the global subscriber.
pub fn init(settings: &Settings) -> anyhow::Result<Telemetry> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.log_filter));
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt: BoxedLayer = match settings.log_format() {
        LogFormat::Json => fmt.json().boxed(),
        LogFormat::Pretty => fmt.boxed(),
    };
    let mut layers: Vec<BoxedLayer> = vec![fmt];
    let telemetry = exporter(settings, &mut layers)?;
    tracing_subscriber::registry()
        .with(layers.with_filter(filter))
        .init();
    Ok(telemetry)
}

#[cfg(feature = "otlp")]
fn exporter(settings: &Settings, layers: &mut Vec<BoxedLayer>) -> anyhow::Result<Telemetry> {
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_otlp::WithExportConfig as _;
    let Some(endpoint) = &settings.tracing.otlp_endpoint else {
        return Ok(Telemetry { provider: None });
    };
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(endpoint.clone())
        .build()?;
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            opentelemetry_sdk::Resource::builder()
                .with_service_name(settings.tracing.service_name.clone())
                .build(),
        )
        .build();
    let tracer = provider.tracer("jobbro");
    layers.push(tracing_opentelemetry::layer().with_tracer(tracer).boxed());
    Ok(Telemetry {
        provider: Some(provider),
    })
}

#[cfg(not(feature = "otlp"))]
fn exporter(settings: &Settings, _: &mut Vec<BoxedLayer>) -> anyhow::Result<Telemetry> {
    if settings.tracing.otlp_endpoint.is_some() {
        anyhow::bail!(
            "JOBBRO_TRACING__OTLP_ENDPOINT is set, but this build cannot export traces: build \
             with `cargo build --release --features otlp`, or unset it"
        );
    }
    Ok(Telemetry {})
}
