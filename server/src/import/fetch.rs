//! Reading a feed to import from a file or a URL. A paginated feed (`total_pages` above 1) is
//! followed page by page, asking for each with `page=N`, as the ORUK validator does.

use std::time::Duration;

use anyhow::Context;
use serde_json::Value;

use super::csv_package::Package;
use super::{Feed, parse_json, read};

/// The most pages followed, so a feed that never ends cannot keep an import running.
const PAGES_MAX: u64 = 2_000;

/// The feed at `source`: a JSON file, a CSV data package (a zip, or a folder of CSV files), or
/// every page of a URL's feed.
pub async fn feed(source: &str) -> anyhow::Result<Feed> {
    if source.starts_with("https://") || source.starts_with("http://") {
        return Ok(Feed::Json(documents(source).await?));
    }
    let path = std::path::Path::new(source);
    if path.is_dir() {
        return Ok(Feed::Csv(Package::from_dir(path)?));
    }
    let bytes = std::fs::read(source).with_context(|| format!("reading {source}"))?;
    Ok(Feed::from_bytes(&bytes)?)
}

/// Every page of the feed at `url`.
async fn documents(source: &str) -> anyhow::Result<Vec<Value>> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!(
            "Touchstone/",
            env!("CARGO_PKG_VERSION"),
            " (directory import)"
        ))
        .build()?;
    let get = |page: Option<u64>| {
        let mut url = reqwest::Url::parse(source).with_context(|| format!("{source} is not a URL"));
        if let (Ok(url), Some(page)) = (url.as_mut(), page) {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| k != "page")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            url.query_pairs_mut()
                .clear()
                .extend_pairs(kept)
                .append_pair("page", &page.to_string());
        }
        let client = client.clone();
        async move {
            let url = url?;
            let response = client
                .get(url.clone())
                .send()
                .await
                .with_context(|| format!("fetching {url}"))?;
            let status = response.status();
            anyhow::ensure!(status.is_success(), "{url} answered {status}");
            let bytes = response.bytes().await?;
            Ok::<Value, anyhow::Error>(parse_json(&bytes)?)
        }
    };
    let first = get(None).await?;
    let mut docs = vec![first];
    if let Some((number, total)) = read::paging_of(&docs[0]) {
        for page in number + 1..=total.min(PAGES_MAX) {
            docs.push(get(Some(page)).await?);
        }
    }
    Ok(docs)
}
