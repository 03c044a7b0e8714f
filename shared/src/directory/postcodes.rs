//! Postcodes to search near: the council imports a table of its postcodes' centres (for example
//! its rows of the ONS Postcode Directory), the server keeps it and every device keeps a copy
//! with the directory, so "near BD21 3LZ" works with no signal too.
//!
//! A postcode's centre is the middle of its fifteen or so addresses: it says roughly where the
//! person lives, which is why the table is kept like the directory (on devices, wiped at
//! sign-out) and why a search near one is counted for the unmet-need report only as "near".

use super::places::Point;
use crate::api::directory::{PostcodeRow, PostcodeTable};

/// The postcode `text` writes, in capitals with its one space ("bd213lz" → "BD21 3LZ"), if it
/// has the shape of a UK postcode: an outward code (`A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`)
/// then an inward code (`9AA`).
pub fn normalise(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let fits = |text: &str, shape: &str| {
        text.len() == shape.len()
            && text.bytes().zip(shape.bytes()).all(|(c, s)| match s {
                b'A' => c.is_ascii_uppercase(),
                _ => c.is_ascii_digit(),
            })
    };
    let outward_fits = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]
        .iter()
        .any(|shape| fits(outward, shape));
    (outward_fits && fits(inward, "9AA")).then(|| format!("{outward} {inward}"))
}

/// The postcodes a device or the server can search near, each with its centre.
///
/// A list looked through from the start, not a map: a council's 20,000 postcodes are looked
/// through in well under a millisecond, and a map's code (a `BTreeMap` sorts as it is built)
/// would push the find page's download over its budget.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Postcodes {
    centres: Vec<(String, Point)>,
}

impl Postcodes {
    /// The table as the server sends it (rows whose postcode has no postcode's shape are left
    /// out: the server never sends one).
    pub fn new(table: &PostcodeTable) -> Postcodes {
        let centres = table
            .postcodes
            .iter()
            .filter_map(|PostcodeRow(postcode, latitude, longitude)| {
                let point = Point {
                    latitude: *latitude,
                    longitude: *longitude,
                };
                Some((normalise(postcode)?, point))
            })
            .collect();
        Postcodes { centres }
    }

    /// The centre of the postcode `text` writes, in any case and spacing.
    pub fn find(&self, text: &str) -> Option<Point> {
        let postcode = normalise(text)?;
        self.centres
            .iter()
            .find(|(p, _)| *p == postcode)
            .map(|(_, at)| *at)
    }

    pub fn len(&self) -> usize {
        self.centres.len()
    }

    pub fn is_empty(&self) -> bool {
        self.centres.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_of_uk_postcode_is_written_one_way() {
        for (typed, written) in [
            ("bd21 3lz", "BD21 3LZ"),
            ("BD213LZ", "BD21 3LZ"),
            (" ls29  9dz ", "LS29 9DZ"),
            ("M1 1AE", "M1 1AE"),
            ("b338th", "B33 8TH"),
            ("CR2 6XH", "CR2 6XH"),
            ("W1A 0AX", "W1A 0AX"),
            ("EC1A 1BB", "EC1A 1BB"),
        ] {
            assert_eq!(normalise(typed).as_deref(), Some(written), "{typed}");
        }
        for not_one in [
            "",
            "BD21",
            "Keighley",
            "BD21 3L",
            "1D21 3LZ",
            "BD21 LZ3",
            "BD211 3LZ",
            "BD21 3LZ1",
            "ÉD1 1AA",
        ] {
            assert_eq!(normalise(not_one), None, "{not_one}");
        }
    }

    #[test]
    fn a_postcode_is_found_however_it_is_typed() {
        let table = PostcodeTable {
            imported_at: None,
            postcodes: vec![
                PostcodeRow("BD21 3LZ".into(), 53.867, -1.911),
                PostcodeRow("not a postcode".into(), 1.0, 1.0),
            ],
        };
        let postcodes = Postcodes::new(&table);
        assert_eq!(postcodes.len(), 1);
        let keighley = Some(Point {
            latitude: 53.867,
            longitude: -1.911,
        });
        assert_eq!(postcodes.find("bd213lz"), keighley);
        assert_eq!(postcodes.find("BD21 3LZ"), keighley);
        assert_eq!(postcodes.find("BD21 3LY"), None);
        assert_eq!(postcodes.find("Keighley"), None);
        assert!(Postcodes::default().is_empty());
    }
}
