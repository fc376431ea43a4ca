//! Common Danish first names, surnames, streets and towns for synthetic people. Combinations are
//! random; no real person is described.

use super::rng::Rng;

/// A random given name and surname, drawn in that order.
pub fn full_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY))
}

pub const GIVEN: &[&str] = &[
    "Anne",
    "Kirsten",
    "Mette",
    "Hanne",
    "Anna",
    "Helle",
    "Susanne",
    "Lene",
    "Maria",
    "Marianne",
    "Camilla",
    "Louise",
    "Pia",
    "Charlotte",
    "Ida",
    "Emma",
    "Sofie",
    "Freja",
    "Laura",
    "Julie",
    "Peter",
    "Michael",
    "Lars",
    "Jens",
    "Thomas",
    "Henrik",
    "Søren",
    "Christian",
    "Martin",
    "Jan",
    "Morten",
    "Anders",
    "Niels",
    "Rasmus",
    "Jesper",
    "Mads",
    "Frederik",
    "Mikkel",
    "Oliver",
    "Lucas",
];

pub const FAMILY: &[&str] = &[
    "Nielsen",
    "Jensen",
    "Hansen",
    "Andersen",
    "Pedersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frederiksen",
];

pub const STREETS: &[&str] = &[
    "Vestergade",
    "Østergade",
    "Nørregade",
    "Søndergade",
    "Skolevej",
    "Kirkevej",
    "Møllevej",
    "Stationsvej",
    "Engvej",
    "Skovvej",
    "Bøgevej",
    "Birkevej",
    "Havnegade",
    "Torvet",
    "Ågade",
];

/// The centres of the fictional towns (UTM zone 32 metres, a few km apart), so distances between
/// homes and workplaces can be estimated in the demo.
pub const TOWN_CENTRES: &[(&str, i32, i32)] = &[
    ("9901", 560_000, 6_300_000),
    ("9902", 566_000, 6_301_000),
    ("9903", 552_000, 6_312_000),
    ("9904", 575_000, 6_290_000),
    ("9905", 540_000, 6_325_000),
];

/// Fictional towns with codes in a free range, so no address is real.
pub const TOWNS: &[(&str, &str)] = &[
    ("9901", "Nordby"),
    ("9902", "Nordby Øst"),
    ("9903", "Lilleå"),
    ("9904", "Bakkely"),
    ("9905", "Fjordstrup"),
];

pub const PROVIDERS: &[&str] = &[
    "Vejen Videre ApS",
    "Jobspor A/S",
    "Mentorhuset",
    "Nyt Fodfæste",
    "Kompetencehuset Nord",
    "Trinvis Beskæftigelse",
    "Afklaringscentret",
    "Brobyggerne",
    "Fremdrift Job",
    "Arbejdsro ApS",
];

pub const COMPANY_PREFIX: &[&str] = &[
    "Nordby", "Fjord", "Bakke", "Lilleå", "Kyst", "Skov", "Eng", "Havne", "Mølle", "Sol",
];

pub const COMPANY_SUFFIX: &[&str] = &[
    "Bageri",
    "VVS",
    "Maskinfabrik",
    "Rengøring",
    "Logistik",
    "Tømrer",
    "Auto",
    "Plejehjem",
    "Supermarked",
    "El-service",
];

pub const JOB_TITLES: &[&str] = &[
    "Lagermedarbejder",
    "Butiksassistent",
    "Social- og sundhedshjælper",
    "Chauffør",
    "Rengøringsassistent",
    "Tømrerlærling",
    "Bagerlærling",
    "Elektriker",
    "Kontorassistent",
    "Køkkenmedhjælper",
];

/// The occupation (DISCO-08) of each of [`JOB_TITLES`], and the skills and licences an order of
/// it asks for; a CV wishing for it lists some of them.
pub const OCCUPATIONS: &[(&str, &str, &[&str])] = &[
    (
        "Lagermedarbejder",
        "4321",
        &["Truckcertifikat", "Lagerstyring"],
    ),
    (
        "Butiksassistent",
        "5223",
        &["Kassesystemer", "Kundeservice"],
    ),
    (
        "Social- og sundhedshjælper",
        "5321",
        &["Personlig pleje", "Kørekort B"],
    ),
    ("Chauffør", "8322", &["Kørekort B", "Kørekort C"]),
    ("Rengøringsassistent", "9112", &["Rengøringsteknik"]),
    ("Tømrerlærling", "7115", &["Håndværktøj", "Kørekort B"]),
    ("Bagerlærling", "7512", &["Hygiejnebevis"]),
    ("Elektriker", "7411", &["Elautorisation", "Kørekort B"]),
    (
        "Kontorassistent",
        "4110",
        &["Office-pakken", "Kundeservice"],
    ),
    ("Køkkenmedhjælper", "9412", &["Hygiejnebevis"]),
];

/// The occupation code and the first required skill of a job title of [`JOB_TITLES`].
pub fn occupation_of(title: &str) -> Option<(&'static str, &'static str)> {
    OCCUPATIONS
        .iter()
        .find(|(t, _, _)| *t == title)
        .map(|(_, code, skills)| (*code, skills[0]))
}
