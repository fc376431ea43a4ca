//! An invoicing basis as CSV for Danish spreadsheets: one row per line, semicolon-separated with
//! a header, UTF-8 with a byte-order mark, amounts in øre and in kroner with a decimal comma.
//! No CPR number: the citizen by name and internal reference.

use jobbro_entities::{invoice_basis, invoice_line};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{
    compute::{self, Month},
    service,
};
use crate::{
    citizens,
    kernel::{error::AppResult, ids::InvoiceBasisId, viewer::Viewer},
};

/// The columns, in order.
pub const HEADER: &[&str] = &[
    "linje",
    "maaned",
    "ydelsesmaaned",
    "ydelsesdato",
    "bestilling",
    "borgerreference",
    "borger",
    "priskomponent",
    "maengde",
    "enhedspris_oere",
    "enhedspris_kr",
    "beloeb_oere",
    "beloeb_kr",
    "maalgruppe",
    "budgetramme",
    "kontraktversion",
    "prispost",
    "korrigerer_linje",
    "fremmoede",
    "resultat",
];

/// An export: its file name, its bytes, and the citizens it names (for the access log).
pub struct Export {
    pub filename: String,
    pub body: Vec<u8>,
    pub citizens: Vec<(Uuid, Uuid)>,
}

/// The CSV of a basis the viewer may see; none otherwise.
pub async fn export(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: InvoiceBasisId,
) -> AppResult<Option<Export>> {
    let Some(basis) = service::one(db, viewer, id).await? else {
        return Ok(None);
    };
    let lines = service::lines_of(db, &[basis.id])
        .await?
        .remove(&basis.id)
        .unwrap_or_default();
    let mut ids: Vec<Uuid> = lines.iter().map(|l| l.citizen_id).collect();
    ids.sort();
    ids.dedup();
    let people = citizens::scope::many(db, viewer, ids).await?;
    let names: std::collections::HashMap<Uuid, (String, Uuid)> = people
        .iter()
        .map(|p| {
            let c = p.record();
            (
                c.id,
                (
                    format!("{} {}", c.given_name, c.family_name),
                    c.jobcentre_id,
                ),
            )
        })
        .collect();
    let body = render(&basis, &lines, &|id| {
        names.get(&id).map(|n| n.0.clone()).unwrap_or_default()
    });
    Ok(Some(Export {
        filename: format!(
            "fakturagrundlag-{}-v{}.csv",
            Month::of(basis.month).label(),
            basis.version
        ),
        body,
        citizens: names.into_iter().map(|(id, (_, jc))| (id, jc)).collect(),
    }))
}

/// The CSV bytes of a basis.
pub fn render(
    basis: &invoice_basis::Model,
    lines: &[invoice_line::Model],
    name: &dyn Fn(Uuid) -> String,
) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|h| h.to_string()));
    let month = Month::of(basis.month).label();
    for l in lines {
        let attendance: Vec<Uuid> = serde_json::from_str(&l.attendance_ids).unwrap_or_default();
        push_row(
            &mut out,
            [
                l.line_no.to_string(),
                month.clone(),
                Month::of(l.service_month).label(),
                l.service_date.to_string(),
                l.service_order_id.to_string(),
                l.citizen_id.to_string(),
                name(l.citizen_id),
                format!("{:?}", l.kind),
                compute::decimal(l.quantity_numerator, l.quantity_denominator).replace('.', ","),
                l.unit_amount_ore.to_string(),
                kroner(l.unit_amount_ore),
                l.amount_ore.to_string(),
                kroner(l.amount_ore),
                l.target_group_code.clone().unwrap_or_default(),
                l.budget_frame_code.clone(),
                l.contract_version_id.to_string(),
                l.price_component_id
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                l.adjusts_line_id.map(|i| i.to_string()).unwrap_or_default(),
                attendance
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                l.outcome_id.map(|i| i.to_string()).unwrap_or_default(),
            ],
        );
    }
    out.into_bytes()
}

/// Øre as kroner with a decimal comma, `1234,50`.
fn kroner(ore: i64) -> String {
    super::views::kroner(ore).replace('.', ",")
}

/// One row: fields separated by `;`, quoted when they hold `;`, `"` or a line break; CRLF.
fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(';');
        }
        first = false;
        if f.contains([';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_row;

    #[test]
    fn fields_with_separators_or_quotes_are_quoted() {
        let mut out = String::new();
        push_row(
            &mut out,
            [
                "a".to_string(),
                "b;c".into(),
                "say \"hi\"".into(),
                "1234,50".into(),
            ],
        );
        assert_eq!(out, "a;\"b;c\";\"say \"\"hi\"\"\";1234,50\r\n");
    }
}
