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
