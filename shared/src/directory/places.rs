//! "Near a place": where the district's named places are and how far a service is from a
//! point (`DirectoryCopy::nearest_first` puts them in order).
//!
//! The positions are each place's centre, rounded to about 100 metres: near enough to say which
//! services are closer, not to navigate by. A point from the device's location is rounded the
//! same way before it goes in the find page's address, so the address never says exactly where
//! the practitioner (and the person with them) is.

use super::localities;
use super::{Location, Service};

/// A position in decimal degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

/// Each named place of `localities` and its centre.
const POSITIONS: &[(&str, f64, f64)] = &[
    (localities::DISTRICT, 53.795, -1.759),
    ("Keighley", 53.867, -1.911),
    ("Silsden", 53.914, -1.937),
    ("Haworth", 53.830, -1.957),
    ("Oxenhope", 53.812, -1.953),
    ("Steeton", 53.897, -1.946),
    ("Cross Roads", 53.834, -1.939),
    ("Airedale and Wharfedale", 53.870, -1.820),
    ("Ilkley", 53.925, -1.822),
    ("Bingley", 53.848, -1.838),
    ("Menston", 53.890, -1.738),
    ("Burley-in-Wharfedale", 53.911, -1.755),
    ("Addingham", 53.945, -1.883),
    ("Cottingley", 53.826, -1.818),
    ("Shipley", 53.833, -1.773),
    ("Saltaire", 53.838, -1.790),
    ("Baildon", 53.847, -1.763),
    ("Windhill", 53.833, -1.757),
    ("Wrose", 53.826, -1.752),
    ("Bradford North and West", 53.810, -1.790),
    ("Manningham", 53.806, -1.766),
    ("Heaton", 53.809, -1.786),
    ("Toller", 53.804, -1.777),
    ("Allerton", 53.805, -1.818),
    ("Thornton", 53.790, -1.850),
    ("Eccleshill", 53.818, -1.728),
    ("Idle", 53.835, -1.740),
    ("Bradford South and East", 53.770, -1.750),
    ("Little Horton", 53.782, -1.765),
    ("Great Horton", 53.778, -1.785),
    ("Wibsey", 53.767, -1.778),
    ("Queensbury", 53.768, -1.845),
    ("Bowling", 53.782, -1.735),
    ("Tong", 53.770, -1.700),
    ("Wyke", 53.737, -1.770),
    ("Low Moor", 53.753, -1.760),
    ("Bradford city centre", 53.795, -1.752),
];

/// The centre of a named place (any case), if it is one of the district's.
pub fn position_of(name: &str) -> Option<Point> {
    POSITIONS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(_, latitude, longitude)| Point {
            latitude: *latitude,
            longitude: *longitude,
        })
}

impl Point {
    /// Rounded to three decimal places (about 100 metres).
    pub fn rounded(self) -> Point {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        Point {
            latitude: round(self.latitude),
            longitude: round(self.longitude),
        }
    }

    /// "53.867,-1.911": how a point is written in the find page's address. Written and read
    /// with whole numbers of thousandths, not the float formatter and parser, which would add
    /// tens of kilobytes to the app's download for this alone.
    pub fn key(self) -> String {
        format!("{},{}", thousandths(self.latitude), thousandths(self.longitude))
    }

    /// Reads `key`'s form; `None` for anything else or a position off the Earth.
    pub fn parse(text: &str) -> Option<Point> {
        let (lat, lon) = text.split_once(',')?;
        let point = Point {
            latitude: decimal(lat.trim())?,
            longitude: decimal(lon.trim())?,
        };
        ((-90.0..=90.0).contains(&point.latitude) && (-180.0..=180.0).contains(&point.longitude))
            .then_some(point)
    }

    /// Distance in kilometres, on the flat projection of the Earth at the two points' mean
    /// latitude (equirectangular): within 0.5% of the great-circle distance for places under
    /// 100 km apart, which is all "near" means here. Its cosine is a short series rather than
    /// the maths library's trigonometry, which would add kilobytes to the app's download.
    pub fn km_to(self, other: Point) -> f64 {
        const EARTH_KM: f64 = 6371.0;
        let mean = ((self.latitude + other.latitude) / 2.0).to_radians();
        let x = (other.longitude - self.longitude).to_radians() * cos(mean);
        let y = (other.latitude - self.latitude).to_radians();
        EARTH_KM * (x * x + y * y).sqrt()
    }
}

/// cos(x) for |x| ≤ π/2 (a latitude), by its Taylor series to x⁸: within 0.002 there.
fn cos(x: f64) -> f64 {
    let x2 = x * x;
    1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)))
}

/// `x` to three decimal places, as text ("-1.912").
fn thousandths(x: f64) -> String {
    let n = (x * 1000.0).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}.{:03}", n.abs() / 1000, n.abs() % 1000)
}

/// A decimal number of up to six places ("-1.9118"), or `None`.
fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 3
        || fraction.len() > 6
        || !all_digits(whole)
        || !all_digits(fraction)
    {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let fraction_value: u32 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    let value = f64::from(whole) + f64::from(fraction_value) / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// A place's position, unless it is confidential (a refuge has none to give).
pub fn position(location: &Location) -> Option<Point> {
    if location.confidential {
        return None;
    }
    Some(Point {
        latitude: location.latitude?,
        longitude: location.longitude?,
    })
}

/// How far `service` is from `from`: to the nearest of its places that has a position.
pub fn distance_km<'a>(
    service: &Service,
    from: Point,
    location: impl Fn(uuid::Uuid) -> Option<&'a Location>,
) -> Option<f64> {
    service
        .service_at_locations
        .iter()
        .filter_map(|p| position(location(p.location_id)?))
        .map(|p| from.km_to(p))
        .min_by(f64::total_cmp)
}

/// A distance as people in England read it: "0.4 miles", "3.0 miles", "12 miles" (tenths
/// written with whole numbers, as `Point::key` is).
pub fn miles_text(km: f64) -> String {
    let tenths = (km / 1.609_344 * 10.0).round() as u64;
    if tenths < 100 {
        format!("{}.{} miles", tenths / 10, tenths % 10)
    } else {
        format!("{} miles", (tenths + 5) / 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_the_app_offers_has_a_position_in_the_district() {
        let centre = position_of(localities::DISTRICT).unwrap();
        for name in localities::all() {
            let p = position_of(name).unwrap_or_else(|| panic!("{name} has no position"));
            assert!(
                centre.km_to(p) < 25.0,
                "{name} is {} km from the centre",
                centre.km_to(p)
            );
        }
        assert_eq!(position_of(" keighley "), position_of("Keighley"));
        assert_eq!(position_of("Leeds"), None);
    }

    #[test]
    fn the_series_cosine_is_close_for_every_latitude() {
        for degrees in (-90..=90).step_by(5) {
            let x = f64::from(degrees).to_radians();
            assert!(
                (cos(x) - x.cos()).abs() < 0.002,
                "{degrees}°: {} vs {}",
                cos(x),
                x.cos()
            );
        }
    }

    /// The great-circle distance (haversine, with the standard library's trigonometry).
    fn haversine(a: Point, b: Point) -> f64 {
        let (p, q) = (a.latitude.to_radians(), b.latitude.to_radians());
        let dlon = (b.longitude - a.longitude).to_radians();
        let h = ((q - p) / 2.0).sin().powi(2) + p.cos() * q.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    #[test]
    fn distances_are_close_to_great_circle_kilometres() {
        for (a, b) in [
            ("Keighley", "Tong"),
            ("Addingham", "Wyke"),
            ("Saltaire", "Shipley"),
        ] {
            let (a, b) = (position_of(a).unwrap(), position_of(b).unwrap());
            let (flat, round) = (a.km_to(b), haversine(a, b));
            assert!((flat - round).abs() / round < 0.005, "{flat} vs {round}");
        }
        let north = Point {
            latitude: 60.0,
            longitude: 5.0,
        };
        let further = Point {
            latitude: 60.5,
            longitude: 6.0,
        };
        assert!((north.km_to(further) - haversine(north, further)).abs() / haversine(north, further) < 0.005);
        let keighley = position_of("Keighley").unwrap();
        let ilkley = position_of("Ilkley").unwrap();
        // About 9 km apart, as the crow flies.
        let km = keighley.km_to(ilkley);
        assert!((8.0..10.0).contains(&km), "{km}");
        assert_eq!(keighley.km_to(keighley), 0.0);
        assert_eq!(miles_text(km), "5.4 miles");
        assert_eq!(miles_text(20.0), "12 miles");
    }

    #[test]
    fn a_point_is_written_rounded_and_read_back() {
        let here = Point {
            latitude: 53.867_449,
            longitude: -1.911_823,
        };
        assert_eq!(here.key(), "53.867,-1.912");
        assert_eq!(Point::parse(&here.key()), Some(here.rounded()));
        assert_eq!(Point::parse("95,1"), None);
        assert_eq!(Point::parse("Keighley"), None);
        assert_eq!(Point::parse("1e2,3"), None);
        assert_eq!(
            Point::parse("-0.5,-1.25").map(|p| (p.latitude, p.longitude)),
            Some((-0.5, -1.25))
        );
        assert_eq!(
            Point {
                latitude: -0.0004,
                longitude: 0.0
            }
            .key(),
            "0.000,0.000"
        );
        assert_eq!(
            Point {
                latitude: -0.5,
                longitude: 179.9999
            }
            .key(),
            "-0.500,180.000"
        );
    }
}
