//! The demo's postcode table, so a newcomer can search near a postcode. Made up: every inward
//! code ends in "CC", which no real postcode has (Royal Mail never uses C in the last two
//! letters), on the real outward code of each place, at that place's centre.

use shared::api::directory::PostcodeRow;
use shared::directory::places::position_of;

use crate::store::Store;

/// Each made-up postcode and the place of the district it is at.
const POSTCODES: &[(&str, &str)] = &[
    ("BD1 0CC", "Bradford city centre"),
    ("BD2 0CC", "Eccleshill"),
    ("BD4 0CC", "Bowling"),
    ("BD4 1CC", "Tong"),
    ("BD5 0CC", "Little Horton"),
    ("BD6 0CC", "Wibsey"),
    ("BD7 0CC", "Great Horton"),
    ("BD8 0CC", "Manningham"),
    ("BD8 1CC", "Toller"),
    ("BD9 0CC", "Heaton"),
    ("BD10 0CC", "Idle"),
    ("BD10 1CC", "Wrose"),
    ("BD12 0CC", "Wyke"),
    ("BD12 1CC", "Low Moor"),
    ("BD13 0CC", "Thornton"),
    ("BD13 1CC", "Queensbury"),
    ("BD15 0CC", "Allerton"),
    ("BD16 0CC", "Bingley"),
    ("BD16 1CC", "Cottingley"),
    ("BD17 0CC", "Baildon"),
    ("BD18 0CC", "Shipley"),
    ("BD18 1CC", "Saltaire"),
    ("BD18 2CC", "Windhill"),
    ("BD20 0CC", "Silsden"),
    ("BD20 1CC", "Steeton"),
    ("BD21 0CC", "Keighley"),
    ("BD22 0CC", "Haworth"),
    ("BD22 1CC", "Oxenhope"),
    ("BD22 2CC", "Cross Roads"),
    ("LS29 0CC", "Ilkley"),
    ("LS29 1CC", "Burley-in-Wharfedale"),
    ("LS29 2CC", "Menston"),
    ("LS29 3CC", "Addingham"),
];

/// The table's rows, in postcode order.
pub fn rows() -> Vec<PostcodeRow> {
    let mut rows: Vec<PostcodeRow> = POSTCODES
        .iter()
        .filter_map(|(postcode, place)| {
            let at = position_of(place)?;
            Some(PostcodeRow((*postcode).to_owned(), at.latitude, at.longitude))
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

pub async fn load(store: &dyn Store) -> anyhow::Result<()> {
    store.postcodes().replace_postcodes(&rows(), None).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_postcode_is_shaped_right_placed_and_made_up() {
        let rows = rows();
        assert_eq!(rows.len(), POSTCODES.len(), "every place has a position");
        for PostcodeRow(postcode, _, _) in &rows {
            assert_eq!(
                shared::directory::postcodes::normalise(postcode).as_deref(),
                Some(postcode.as_str())
            );
            assert!(postcode.ends_with("CC"), "{postcode} could be a real one");
        }
        let read = crate::import::postcodes::read_postcodes(
            rows.iter()
                .fold("postcode,latitude,longitude\n".to_owned(), |csv, r| {
                    format!("{csv}{},{},{}\n", r.0, r.1, r.2)
                })
                .as_bytes(),
        );
        assert_eq!(
            read.map(|f| f.rows),
            Ok(rows),
            "the import would take it as it is"
        );
    }
}
