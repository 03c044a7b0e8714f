//! Test helpers: a fresh database per test (SQLite in memory, or a new PostgreSQL database), the
//! app built on it, and a tiny cookie-keeping client that drives it with `oneshot`.

pub mod directory;
pub mod oruk;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use server::state::{AppState, Settings};
use server::store::{self, Database};
use sqlx::Connection;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long test password";
/// The password a person chooses at their first sign-in (`Client::first_sign_in`).
pub const OWN_PASSWORD: &str = "herons nest by the old mill";

/// Where the throwaway PostgreSQL for this run is, set by `scripts/test`.
const PG_ENV: &str = "TOUCHSTONE_TEST_POSTGRES_URL";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A freshly migrated, empty database of the given kind.
pub async fn database(backend: Backend) -> Database {
    let url = match backend {
        Backend::Sqlite => "sqlite::memory:".to_owned(),
        Backend::Postgres => new_postgres_database().await,
    };
    store::connect(&url)
        .await
        .expect("test database opens and migrates")
}

/// `database`, but SQLite in a file of its own, as the server runs it: several connections, so
/// writers can meet (in memory there is one connection, and they never do).
pub async fn database_as_served(backend: Backend) -> Database {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("touchstone-test-{}", uuid::Uuid::now_v7().simple()));
            store::connect(&format!("sqlite://{}", dir.join("touchstone.db").display()))
                .await
                .expect("test database opens and migrates")
        }
        Backend::Postgres => database(backend).await,
    }
}

/// Creates a new database on the run's PostgreSQL server and returns its URL. The test script
/// drops them all at the end of the run. Without the variable the test fails, saying how to run it.
pub async fn new_postgres_database() -> String {
    let base = std::env::var(PG_ENV).unwrap_or_else(|_| {
        panic!("{PG_ENV} is not set: run the PostgreSQL tests through `scripts/test`, which starts a throwaway server")
    });
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .expect("connect to the test PostgreSQL");
    sqlx::query(&format!("create database {name}"))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    let (prefix, _) = base.rsplit_once('/').expect("a database URL ends in /dbname");
    format!("{prefix}/{name}")
}

pub fn state(db: Database, settings: Settings) -> AppState {
    AppState::new(db, settings)
}

/// Drives the app with `oneshot`, keeping the session cookie like a browser would.
pub struct Client {
    pub router: Router,
    /// The `Cookie` header it sends: every cookie it was given, `name=value; …`.
    pub cookie: Option<String>,
    /// The address it connects from (none: as `oneshot` has it).
    pub address: Option<std::net::SocketAddr>,
}

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Client {
    pub fn new(state: AppState) -> Self {
        Self {
            router: server::app(state),
            cookie: None,
            address: None,
        }
    }

    pub async fn sqlite() -> Self {
        Self::new(state(database(Backend::Sqlite).await, Settings::default()))
    }

    pub async fn send(&mut self, request: Request<Body>) -> Answer {
        let mut request = request;
        if let Some(cookie) = &self.cookie {
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        if let Some(address) = self.address {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(address));
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            self.keep_cookie(set);
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
        Answer {
            status,
            headers,
            body,
        }
    }

    pub async fn call(&mut self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let builder = Request::builder().method(method).uri(path);
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => builder.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&mut self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn put(&mut self, path: &str, body: Value) -> Answer {
        self.call(Method::PUT, path, Some(body)).await
    }

    /// Sends `text` as the body, of `content_type`.
    pub async fn send_text(&mut self, method: Method, path: &str, content_type: &str, text: &str) -> Answer {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(text.to_owned()))
            .unwrap();
        self.send(request).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Answer {
        self.post(
            "/api/auth/sign-in",
            serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// Signs in as a person an administrator created with [`PASSWORD`], and makes the change of
    /// password the server asks of them before anything else (to [`OWN_PASSWORD`]), as the app
    /// makes them do at their first sign-in.
    pub async fn first_sign_in(&mut self, email: &str) -> Answer {
        let signed_in = self.sign_in(email, PASSWORD).await;
        if signed_in.body["must_change_password"] == true {
            let changed = self
                .post(
                    "/api/auth/password",
                    serde_json::json!({"current": PASSWORD, "new": OWN_PASSWORD}),
                )
                .await;
            assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);
        }
        signed_in
    }

    /// Keeps (or, when cleared, forgets) the cookie a `Set-Cookie` gives, as a browser does.
    fn keep_cookie(&mut self, set: &str) {
        let pair = set.split(';').next().unwrap().trim().to_owned();
        let name = pair.split('=').next().unwrap().to_owned();
        let cleared = set.contains("Max-Age=0") || pair.ends_with('=');
        let mut jar: Vec<String> = self
            .cookie
            .iter()
            .flat_map(|c| c.split("; "))
            .filter(|p| p.split('=').next() != Some(name.as_str()))
            .map(str::to_owned)
            .collect();
        if !cleared {
            jar.push(pair);
        }
        self.cookie = (!jar.is_empty()).then(|| jar.join("; "));
    }

    /// The value of the cookie `name` it holds.
    pub fn cookie_named(&self, name: &str) -> Option<String> {
        self.cookie
            .iter()
            .flat_map(|c| c.split("; "))
            .find_map(|p| p.strip_prefix(&format!("{name}=")).map(str::to_owned))
    }

    /// A second browser on the same server.
    pub fn another(&self) -> Self {
        Self {
            router: self.router.clone(),
            cookie: None,
            address: None,
        }
    }
}

/// Creates the first administrator directly in the store (as `create-admin` does).
pub async fn seed_admin(state: &AppState, email: &str) {
    use shared::api::users::UserProfile;
    let profile = UserProfile {
        email: email.into(),
        display_name: "First Admin".into(),
        roles: vec![shared::Role::Admin],
        team_id: None,
        pcf_level: None,
        active: true,
    };
    let new = store::NewUser {
        id: shared::UserId::new(),
        profile,
        password_hash: server::password::hash(PASSWORD.into()).await.unwrap(),
        created_at: chrono::Utc::now(),
        must_change_password: false,
    };
    state.store.users().create_user(&new).await.unwrap();
}

/// A new team called `name` with `n` active practitioners at social worker level, put straight
/// into the store with `password_hash`; their ids and emails (`<name>.<i>@example.org`).
pub async fn practitioners(
    store: &dyn store::Store,
    name: &str,
    n: usize,
    password_hash: &str,
) -> (shared::TeamId, Vec<(shared::UserId, String)>) {
    use shared::api::teams::TeamInput;
    use shared::api::users::UserProfile;
    let team = shared::TeamId::new();
    let input = TeamInput {
        name: name.into(),
        service_area: format!("{name} area"),
        active: true,
    };
    store.users().create_team(team, &input).await.unwrap();
    let mut people = Vec::new();
    for i in 0..n {
        let email = format!("{}.{i}@example.org", name.to_lowercase().replace(' ', "-"));
        let user = store::NewUser {
            id: shared::UserId::new(),
            profile: UserProfile {
                email: email.clone(),
                display_name: format!("Person {i}"),
                roles: vec![shared::Role::Practitioner],
                team_id: Some(team),
                pcf_level: Some(shared::PcfLevel::SocialWorker),
                active: true,
            },
            password_hash: password_hash.into(),
            created_at: chrono::Utc::now(),
            must_change_password: false,
        };
        store.users().create_user(&user).await.unwrap();
        people.push((user.id, email));
    }
    (team, people)
}

/// A signed-in administrator client on a fresh app of the given backend.
pub async fn admin_client(backend: Backend) -> Client {
    let state = state(database(backend).await, Settings::default());
    seed_admin(&state, "root@example.org").await;
    let mut client = Client::new(state);
    assert_eq!(
        client.sign_in("root@example.org", PASSWORD).await.status,
        StatusCode::OK
    );
    client
}

pub fn user_json(email: &str, roles: &[&str]) -> Value {
    serde_json::json!({"email": email, "display_name": "Test Person", "roles": roles, "password": PASSWORD})
}

pub fn method(name: &str) -> Method {
    name.to_uppercase().parse().unwrap()
}

/// Runs each named `async fn scenario(backend: Backend)` as a test on SQLite and on PostgreSQL.
#[allow(unused_macros)]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $scenario() { super::$scenario(super::Backend::Sqlite).await } )*
        }
        mod postgres {
            $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
               async fn $scenario() { super::$scenario(super::Backend::Postgres).await } )*
        }
    };
}

#[allow(unused_imports)]
pub(crate) use on_both_backends;
