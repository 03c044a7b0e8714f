//! Reading a postcode table a commissioner uploads: a CSV file whose first line names its
//! columns, with at least a postcode, a latitude and a longitude. The ONS Postcode Directory's
//! own names (`pcds`, `lat`, `long`) are understood too, so the council's rows of it can be
//! uploaded as they are; other columns are ignored. Every line is checked before anything is
//! stored: one wrong line and the table stays as it was, with each problem listed by line.

use std::collections::HashMap;

use shared::api::directory::PostcodeRow;
use shared::directory::postcodes::normalise;

/// The most postcodes a table may hold: a council's are tens of thousands; the whole country's
/// (2.7 million) would be far too much for every practitioner's phone to keep.
pub const MOST_POSTCODES: usize = 200_000;
/// The most problems listed; past it, how many more.
const MOST_PROBLEMS: usize = 20;

/// The names each column may go by (any case).
const POSTCODE: &[&str] = &["postcode", "pcds", "pcd", "pcd2", "pcd7", "pcd8"];
const LATITUDE: &[&str] = &["latitude", "lat"];
const LONGITUDE: &[&str] = &["longitude", "long", "lon", "lng"];

/// Roughly the United Kingdom (Northern Ireland to Lowestoft, the Scillies to Shetland): a
/// position outside it is a mistake, most often latitude and longitude swapped.
const UK_LATITUDE: std::ops::RangeInclusive<f64> = 49.0..=61.0;
const UK_LONGITUDE: std::ops::RangeInclusive<f64> = -9.0..=2.0;

/// What the ONS Postcode Directory writes for a postcode it cannot place.
const NO_POSITION: f64 = 99.999_999;

/// A table read whole.
#[derive(Debug, PartialEq)]
pub struct PostcodeFile {
    pub rows: Vec<PostcodeRow>,
    /// Rows with no position, left out.
    pub without_position: u64,
}

/// Reads `bytes`; `Err` with each problem (by line) when any line is wrong.
pub fn read_postcodes(bytes: &[u8]) -> Result<PostcodeFile, Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|_| vec!["The file is not a CSV file in UTF-8".to_owned()])?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (Some(postcode_at), Some(latitude_at), Some(longitude_at)) =
        (column(POSTCODE), column(LATITUDE), column(LONGITUDE))
    else {
        return Err(vec![
            "The first line must name the columns: postcode, latitude, longitude".to_owned(),
        ]);
    };
    let mut problems = Vec::new();
    let mut problem_count = 0usize;
    let mut note = |line: u64, text: String| {
        problem_count += 1;
        if problems.len() < MOST_PROBLEMS {
            problems.push(format!("Line {line}: {text}"));
        }
    };
    let mut rows = Vec::new();
    let mut without_position = 0;
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                note(line, "cannot be read as CSV (is the file UTF-8?)".to_owned());
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: usize| record.get(at).map(str::trim).unwrap_or_default();
        let (typed, latitude, longitude) = (field(postcode_at), field(latitude_at), field(longitude_at));
        if typed.is_empty() && latitude.is_empty() && longitude.is_empty() {
            continue;
        }
        let Some(postcode) = normalise(typed) else {
            note(line, format!("\"{typed}\" is not a postcode"));
            continue;
        };
        let (Ok(latitude), Ok(longitude)) = (latitude.parse::<f64>(), longitude.parse::<f64>()) else {
            note(
                line,
                format!("{postcode} needs a latitude and a longitude as decimal numbers"),
            );
            continue;
        };
        if latitude == NO_POSITION {
            without_position += 1;
            continue;
        }
        if !UK_LATITUDE.contains(&latitude) || !UK_LONGITUDE.contains(&longitude) {
            note(
                line,
                format!(
                    "{postcode} is placed at {latitude}, {longitude}, outside the United Kingdom (latitude and longitude swapped?)"
                ),
            );
            continue;
        }
        if let Some(first) = first_line_of.get(&postcode) {
            note(line, format!("{postcode} is on line {first} too"));
            continue;
        }
        first_line_of.insert(postcode.clone(), line);
        rows.push(PostcodeRow(postcode, latitude, longitude));
    }
    if problem_count > problems.len() {
        problems.push(format!(
            "…and {} more lines with problems",
            problem_count - problems.len()
        ));
    }
    if problems.is_empty() && rows.is_empty() {
        problems.push("The file has no postcodes".to_owned());
    }
    if rows.len() > MOST_POSTCODES {
        problems.push(format!(
            "The file has {} postcodes: import only your council's (at most {MOST_POSTCODES})",
            rows.len()
        ));
    }
    if problems.is_empty() {
        Ok(PostcodeFile {
            rows,
            without_position,
        })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_shape_and_the_ons_directorys_columns_are_both_read() {
        let plain = read_postcodes(
            b"postcode,latitude,longitude\nbd21 3lz,53.867,-1.911\n\nLS29 9DZ,53.925,-1.822\n",
        )
        .unwrap();
        assert_eq!(
            plain.rows,
            [
                PostcodeRow("BD21 3LZ".into(), 53.867, -1.911),
                PostcodeRow("LS29 9DZ".into(), 53.925, -1.822)
            ]
        );
        let ons = read_postcodes(
            "\u{feff}pcd,pcd2,pcds,doterm,lat,long\nBD213LZ,BD21  3LZ,BD21 3LZ,,53.867,-1.911\nBD1 9ZZ,BD1  9ZZ,BD1 9ZZ,202001,99.999999,0.000000\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(ons.rows, [PostcodeRow("BD21 3LZ".into(), 53.867, -1.911)]);
        assert_eq!(ons.without_position, 1);
    }

    #[test]
    fn every_wrong_line_is_named_and_nothing_is_kept() {
        let problems = read_postcodes(
            b"Postcode,Latitude,Longitude\nBD21 3LZ,53.867,-1.911\nnot one,53.8,-1.7\nBD1 1AA,north,-1.7\nBD2 2AA,-1.7,53.8\nbd21 3lz,53.9,-1.9\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(problems[0], "Line 3: \"not one\" is not a postcode");
        assert!(problems[1].starts_with("Line 4: BD1 1AA needs a latitude"));
        assert!(
            problems[2].starts_with("Line 5: BD2 2AA is placed at -1.7, 53.8, outside the United Kingdom")
        );
        assert_eq!(problems[3], "Line 6: BD21 3LZ is on line 2 too");
    }

    #[test]
    fn a_file_without_the_columns_or_rows_is_refused_with_what_to_do() {
        assert_eq!(
            read_postcodes(b"code,x,y\nBD21 3LZ,53.8,-1.9\n").unwrap_err(),
            ["The first line must name the columns: postcode, latitude, longitude"]
        );
        assert_eq!(
            read_postcodes(b"postcode,lat,long\n").unwrap_err(),
            ["The file has no postcodes"]
        );
        let many: String = (0..30).map(|i| format!("X{i},1,1\n")).collect();
        let problems = read_postcodes(format!("postcode,lat,long\n{many}").as_bytes()).unwrap_err();
        assert_eq!(problems.len(), MOST_PROBLEMS + 1);
        assert_eq!(problems[MOST_PROBLEMS], "…and 10 more lines with problems");
    }
}
