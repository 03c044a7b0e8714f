//! `touchstone`: parse the configuration, open the database, then serve (or run a subcommand).

use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use server::config::{Cli, Command, Config};
use server::state::{AppState, Settings};
use server::store::{self, Database};
use server::{demo, password};
use shared::api::users::UserProfile;
use shared::validate::{Check, normalise_email};
use shared::{Role, UserId};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Cli { config, command } = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log)?)
        .init();
    // A council's matrix is checked before anything else starts, so a mistake in it stops here.
    let risk_matrix = server::config::risk_matrix(config.risk_matrix.as_deref())?;
    let db = store::connect(&config.database_url())
        .await
        .with_context(|| format!("opening the database {}", store::redact(&config.database_url())))?;
    match command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config, db, risk_matrix).await,
        Command::CreateAdmin { email, name } => create_admin(&db, &email, &name).await,
        Command::ImportDirectory { source, dry_run } => {
            let feed = server::import::fetch::feed(&source).await?;
            let report = server::import::import_feed(db.store.as_ref(), &feed, dry_run, None).await?;
            // Written whole, and a closed pipe (`| head`) is not an error.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                server::import::describe(&report).as_bytes(),
            );
            Ok(())
        }
        Command::LoadDemo => {
            let loaded = demo::load(db.store.as_ref()).await?;
            println!(
                "Demo data loaded: {} teams, {} users, {} colleagues, {} self-assessments and {} directory services added.",
                loaded.teams, loaded.users, loaded.colleagues, loaded.assessments, loaded.services
            );
            Ok(())
        }
    }
}

async fn serve(
    config: Config,
    db: Database,
    risk_matrix: shared::risk::scoring::Matrix,
) -> anyhow::Result<()> {
    let installed = server::templates::install_defaults(db.store.as_ref()).await?;
    if installed > 0 {
        tracing::info!(templates = installed, "shipped templates installed");
    }
    if config.demo {
        let loaded = demo::load(db.store.as_ref()).await?;
        tracing::info!(
            teams = loaded.teams,
            users = loaded.users,
            colleagues = loaded.colleagues,
            assessments = loaded.assessments,
            services = loaded.services,
            "demo data loaded"
        );
    }
    let static_dir = config
        .static_dir
        .join("index.html")
        .exists()
        .then(|| config.static_dir.clone());
    if static_dir.is_none() {
        tracing::warn!(dir = %config.static_dir.display(), "no built app found; serving the API only");
    }

    let settings = Settings {
        secure_cookies: !config.insecure_cookies,
        session_idle: Duration::from_secs(u64::from(config.session_idle_minutes.max(1)) * 60),
        session_lifetime: Duration::from_secs(u64::from(config.session_hours.max(1)) * 3600),
        audit_retention_days: config.audit_retention_days.max(1),
        static_dir,
        results_k: shared::results::suppression::threshold(config.results_k),
        results_grace_days: config.results_grace_days,
        directory_review_months: config.directory_review_months,
        request_timeout: Duration::from_secs(config.request_timeout_secs.max(1)),
        trusted_proxies: config.trusted_proxies.clone(),
        risk_matrix: std::sync::Arc::new(risk_matrix),
    };
    let state = AppState::new(db, settings);
    tokio::spawn(server::sweep::hourly(
        state.store.clone(),
        state.settings.audit_retention(),
    ));
    // Results fall due when a period's grace window ends; making them here means nobody waits
    // for a release on their first visit after that.
    tokio::spawn(server::results::releases::keep_releasing(state.clone()));
    let shutdown = shutdown_signal();
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    let address = listener.local_addr()?;
    tracing::info!(backend = state.store.backend().as_str(), %address, "Touchstone is running");
    println!("\n  Touchstone is running at http://{address}/\n");
    if config.demo {
        println!("  Demo accounts (password: {}):", demo::DEMO_PASSWORD);
        for (email, roles) in demo::accounts() {
            println!("    {email:<36} {roles}");
        }
        println!();
    }
    server::serve(listener, state, shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}

/// The first administrator, or a way back in: creates the user (or resets their password and
/// makes them an active administrator) and prints a generated password once.
async fn create_admin(db: &Database, email: &str, name: &str) -> anyhow::Result<()> {
    if let Err(errors) = Check::new().email("email", email).finish() {
        anyhow::bail!(
            "{}",
            errors.into_values().flatten().collect::<Vec<_>>().join("; ")
        );
    }
    let email = normalise_email(email);
    let password = password::generate();
    let hash = password::hash(password.clone()).await?;
    match db.store.users().credentials_by_email(&email).await? {
        Some(existing) => {
            let mut profile = UserProfile {
                email: existing.user.email.clone(),
                display_name: existing.user.display_name.clone(),
                roles: existing.user.roles.clone(),
                team_id: existing.user.team_id,
                pcf_level: existing.user.pcf_level,
                active: true,
            };
            profile.roles.push(Role::Admin);
            db.store
                .users()
                .update_user(existing.user.id, &profile.normalised())
                .await?;
            db.store
                .users()
                .set_password_hash(existing.user.id, &hash, true)
                .await?;
            println!("{email} is now an active administrator with a new password.");
        }
        None => {
            let profile = UserProfile {
                email: email.clone(),
                display_name: name.into(),
                roles: vec![Role::Admin],
                team_id: None,
                pcf_level: None,
                active: true,
            };
            let new = store::NewUser {
                id: UserId::new(),
                profile: profile.normalised(),
                password_hash: hash,
                created_at: chrono::Utc::now(),
                must_change_password: true,
            };
            db.store.users().create_user(&new).await?;
            println!("Created administrator {email}.");
        }
    }
    println!("Password (shown once; give it to them securely): {password}");
    Ok(())
}

/// Resolves on SIGINT (Ctrl+C) or SIGTERM. The handlers are installed now, before the server
/// announces itself, so a stop sent right after start is still graceful.
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (signal(SignalKind::interrupt()), signal(SignalKind::terminate()))
    };
    async move {
        #[cfg(unix)]
        match signals {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {},
                    _ = terminate.recv() => {},
                }
            }
            _ => {
                tokio::signal::ctrl_c().await.ok();
            }
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await.ok();
        tracing::info!("shutting down: finishing requests in flight");
    }
}
