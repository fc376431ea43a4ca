//! The layering of `api/src`, checked on the source: kernel ← domains ← audiences ← schema, no
//! import circles, and each domain reads only its own tables (others' through their functions).
//! A new module or table must be placed here, which is the point: where it goes is decided once.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

use regex::Regex;

const KERNEL: &[&str] = &["kernel", "auth", "outbox", "config"];
const DOMAINS: &[&str] = &[
    "access_log",
    "absences",
    "attendance",
    "alerts",
    "cadence",
    "cases",
    "caseworkers",
    "changes",
    "citizens",
    "companies",
    "consents",
    "cvs",
    "invoicing",
    "health",
    "markings",
    "meetings",
    "messages",
    "plans",
    "providers",
    "reports",
    "timeline",
];
/// Above the domains: they may import anything below them.
const ABOVE: &[&str] = &[
    "audiences",
    "schema",
    "http",
    "app",
    "demo",
    "testing",
    "telemetry",
];

/// Which module owns which table.
fn owners() -> BTreeMap<&'static str, &'static str> {
    [
        ("citizen", "citizens"),
        ("jobseeker_registration", "citizens"),
        ("case", "cases"),
        ("case_closure", "cases"),
        ("case_closure_reason", "cases"),
        ("case_event", "cases"),
        ("sickness_case_rule", "cases"),
        ("visitation_category_rule", "cases"),
        ("consent", "consents"),
        ("absence", "absences"),
        ("absence_type", "absences"),
        ("self_booking_policy", "absences"),
        ("meeting", "meetings"),
        ("meeting_slot", "meetings"),
        ("meeting_participant", "meetings"),
        ("meeting_status_change", "meetings"),
        ("booking_deadline", "meetings"),
        ("cadence_policy", "cadence"),
        ("plan", "plans"),
        ("plan_version", "plans"),
        ("plan_activity", "plans"),
        ("plan_acknowledgement", "plans"),
        ("plan_language_request", "plans"),
        ("plan_follow_up", "plans"),
        ("plan_attachment", "plans"),
        ("provider", "providers"),
        ("provider_user", "providers"),
        ("service_order", "providers"),
        ("contract", "providers"),
        ("contract_version", "providers"),
        ("contract_service", "providers"),
        ("contract_service_target_group", "providers"),
        ("price_component", "providers"),
        ("offer_kind", "providers"),
        ("offer_attendance", "attendance"),
        ("delivery_shortfall", "attendance"),
        ("company", "companies"),
        ("company_user", "companies"),
        ("company_user_unit", "companies"),
        ("production_unit", "companies"),
        ("job_order", "companies"),
        ("candidate", "companies"),
        ("job_order_log", "companies"),
        ("placement", "companies"),
        ("placement_log", "companies"),
        ("public_employer", "companies"),
        ("job_kind_target_group", "companies"),
        ("cv_sent_notice_policy", "companies"),
        ("cv", "cvs"),
        ("cv_job_wish", "cvs"),
        ("cv_skill", "cvs"),
        ("cv_education", "cvs"),
        ("occupation", "cvs"),
        ("postal_area", "cvs"),
        ("alert", "alerts"),
        ("person_marking", "markings"),
        ("access_purpose", "citizens"),
        ("health_certificate_type", "health"),
        ("health_question_template", "health"),
        ("health_request", "health"),
        ("health_request_question", "health"),
        ("health_document", "health"),
        ("health_message", "health"),
        ("task", "alerts"),
        ("offer_change_request", "changes"),
        ("order_message", "messages"),
        ("order_message_attachment", "messages"),
        ("supplier_report", "reports"),
        ("supplier_report_section", "reports"),
        ("supplier_report_policy", "reports"),
        ("supplier_report_template", "reports"),
        ("supplier_report_template_section", "reports"),
        ("no_show_procedure", "providers"),
        ("no_show_policy", "providers"),
        ("caseworker", "caseworkers"),
        ("jobcentre", "caseworkers"),
        ("audit_event", "kernel"),
        ("audit_read", "kernel"),
        ("idempotency_key", "kernel"),
        ("stored_file", "kernel"),
        ("outbox_event", "outbox"),
        ("letter", "outbox"),
        ("fund_notification", "outbox"),
        ("benefits_notice", "outbox"),
        ("public_holiday", "kernel"),
        ("employment_outcome", "cases"),
        ("invoice_policy", "invoicing"),
        ("invoice_basis", "invoicing"),
        ("invoice_line", "invoicing"),
        ("invoice_warning", "invoicing"),
    ]
    .into_iter()
    .collect()
}

/// Reads of another module's table that are the point of the module, with the reason.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "providers",
        "offer_change_request",
        "an order's undecided change request is a flag on the order: it holds the order's \
         hearing requests back and is named in its notices to the benefits service",
    ),
    (
        "citizens",
        "service_order",
        "a provider sees the citizens referred to it: visibility, read as a subquery",
    ),
    (
        "citizens",
        "candidate",
        "a company sees its candidates: visibility, read as a subquery",
    ),
    (
        "citizens",
        "job_order",
        "a company sees the candidates of its job orders: visibility, read as a subquery",
    ),
    (
        "citizens",
        "consent",
        "a company sees a candidate only while the consent to share the CV is in force",
    ),
    (
        "plans",
        "company",
        "an activity may name any company to host it: the plan checks the id exists (the \
         companies domain writes granted offers into plans, so it cannot be asked)",
    ),
    (
        "citizens",
        "audit_read",
        "the access log is the citizen's own record of who read their data",
    ),
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// Every top-level module of `api/src` with its files.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for e in fs::read_dir(&src).into_iter().flatten().flatten() {
        let path = e.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if name == "lib" || name == "main" {
            continue;
        }
        if path.is_dir() {
            out.insert(name, rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.insert(name, vec![path]);
        }
    }
    out
}

/// The top-level modules a file's code refers to: `crate::x` paths and the items of
/// `use crate::{x, y::z}` blocks.
fn imports(text: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let path = Regex::new(r"crate::([a-z_]+)").unwrap_or_else(|e| panic!("{e}"));
    let block = Regex::new(r"use crate::\{([^;]*)\};").unwrap_or_else(|e| panic!("{e}"));
    let mut found: BTreeSet<String> = path.captures_iter(text).map(|c| c[1].to_string()).collect();
    for b in block.captures_iter(text) {
        let mut depth = 0;
        let mut token = String::new();
        for ch in b[1].chars() {
            match ch {
                '{' => {
                    if depth == 0 {
                        found.insert(token.trim().split("::").next().unwrap_or("").to_string());
                    }
                    depth += 1;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    found.insert(token.trim().split("::").next().unwrap_or("").to_string());
                    token.clear();
                }
                _ if depth == 0 => token.push(ch),
                _ => {}
            }
        }
        found.insert(token.trim().split("::").next().unwrap_or("").to_string());
    }
    found.retain(|m| known.contains(m));
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    modules
        .iter()
        .map(|(name, files)| {
            let mut deps = BTreeSet::new();
            for f in files {
                let text = fs::read_to_string(f).unwrap_or_default();
                deps.extend(imports(&text, &known));
            }
            deps.remove(name);
            (name.clone(), deps)
        })
        .collect()
}

fn layer(module: &str) -> Option<usize> {
    if KERNEL.contains(&module) {
        Some(0)
    } else if DOMAINS.contains(&module) {
        Some(1)
    } else if ABOVE.contains(&module) {
        Some(2)
    } else {
        None
    }
}

#[test]
fn every_module_has_a_layer_and_imports_only_its_own_layer_or_below() {
    let mut wrong = Vec::new();
    for (module, deps) in graph() {
        let Some(own) = layer(&module) else {
            wrong.push(format!(
                "{module} has no layer: add it to KERNEL, DOMAINS or ABOVE"
            ));
            continue;
        };
        for dep in deps {
            if layer(&dep).is_some_and(|l| l > own) {
                wrong.push(format!("{module} imports {dep}, a layer above it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let graph = graph();
    // A module is in a circle when it can reach itself.
    let mut circles = Vec::new();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = graph[start].iter().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                circles.push(start.clone());
                break;
            }
            if seen.insert(m.clone()) {
                stack.extend(graph.get(m).into_iter().flatten());
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules in an import circle: {circles:?}"
    );
}

#[test]
fn each_domain_reads_only_its_own_tables() {
    let owners = owners();
    let table = Regex::new(r"\b([a-z_]+)::(?:Entity|Column|ActiveModel)\b")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut wrong = Vec::new();
    for (module, files) in modules() {
        if layer(&module) != Some(1) {
            continue;
        }
        for f in files {
            let text = fs::read_to_string(&f).unwrap_or_default();
            let used: BTreeSet<String> = table
                .captures_iter(&text)
                .map(|c| c[1].to_string())
                .filter(|t| owners.contains_key(t.as_str()))
                .collect();
            for t in used {
                let owner = owners[t.as_str()];
                let allowed = owner == module
                    || EXCEPTIONS
                        .iter()
                        .any(|(m, tab, _)| *m == module && *tab == t);
                if !allowed {
                    wrong.push(format!(
                        "{} reads {t}, a table of {owner}: call a function of {owner} instead",
                        f.display()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
