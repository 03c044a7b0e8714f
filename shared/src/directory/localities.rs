//! Bradford district's named areas, for a service's areas and for search: the district, its
//! five localities (as the council's adult social care divides it) and the towns and wards
//! people name. Feeds may bring other names; these are the ones the app offers.

/// The whole district.
pub const DISTRICT: &str = "Bradford district";

/// The localities, each with the towns and wards people name within it.
pub const LOCALITIES: &[(&str, &[&str])] = &[
    (
        "Keighley",
        &["Silsden", "Haworth", "Oxenhope", "Steeton", "Cross Roads"],
    ),
    (
        "Airedale and Wharfedale",
        &[
            "Ilkley",
            "Bingley",
            "Menston",
            "Burley-in-Wharfedale",
            "Addingham",
            "Cottingley",
        ],
    ),
    ("Shipley", &["Saltaire", "Baildon", "Windhill", "Wrose"]),
    (
        "Bradford North and West",
        &[
            "Manningham",
            "Heaton",
            "Toller",
            "Allerton",
            "Thornton",
            "Eccleshill",
            "Idle",
        ],
    ),
    (
        "Bradford South and East",
        &[
            "Little Horton",
            "Great Horton",
            "Wibsey",
            "Queensbury",
            "Bowling",
            "Tong",
            "Wyke",
            "Low Moor",
            "Bradford city centre",
        ],
    ),
];

/// Every name the app offers: the district, then each locality and its places.
pub fn all() -> impl Iterator<Item = &'static str> {
    std::iter::once(DISTRICT).chain(
        LOCALITIES
            .iter()
            .flat_map(|(locality, places)| std::iter::once(*locality).chain(places.iter().copied())),
    )
}

/// The locality a town or ward is in.
pub fn locality_of(place: &str) -> Option<&'static str> {
    LOCALITIES
        .iter()
        .find(|(locality, places)| {
            locality.eq_ignore_ascii_case(place) || places.iter().any(|p| p.eq_ignore_ascii_case(place))
        })
        .map(|(locality, _)| *locality)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_belongs_to_one_locality() {
        let names: Vec<&str> = all().collect();
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "no name twice");
        assert_eq!(locality_of("saltaire"), Some("Shipley"));
        assert_eq!(locality_of("Keighley"), Some("Keighley"));
        assert_eq!(locality_of("Leeds"), None);
    }
}
