//! Writing a problem-free plan, inside the import's transaction.

use super::*;
use domain::ids::{ActivityId, ComponentId};

pub(super) async fn apply(conn: &mut AsyncPgConnection, actor: &Actor, work: Work) -> ServiceResult<()> {
    let org = actor.organization_id;
    match work {
        Work::Nothing => {}
        Work::Components(writes) => {
            for w in writes {
                match w.existing {
                    None => {
                        let id = db::ownership::components::insert(conn, org, &w.fields).await?;
                        let created = components::load(conn, org, id).await?;
                        audit::record(
                            conn,
                            Some(actor),
                            org,
                            audit::Entry::new("component.created", "component", id).after(&created),
                        )
                        .await?;
                    }
                    Some(e) => {
                        let id = e.r.id;
                        let before = components::summary(e);
                        if !db::ownership::components::update(conn, id, before.version, &w.fields).await? {
                            return Err(changed_meanwhile(&before.name));
                        }
                        let after = components::load(conn, org, id).await?;
                        audit::record(
                            conn,
                            Some(actor),
                            org,
                            audit::Entry::new("component.updated", "component", id).before(&before).after(&after),
                        )
                        .await?;
                    }
                }
            }
        }
        Work::Dependencies(writes) => {
            for w in writes {
                db::ownership::dependencies::put(conn, org, w.component, w.depends_on, &w.reason).await?;
                audit::record(
                    conn,
                    Some(actor),
                    org,
                    audit::Entry::new(
                        if w.created { "dependency.added" } else { "dependency.updated" },
                        "component",
                        w.component,
                    )
                    .after(&serde_json::json!({"depends_on_id": w.depends_on, "reason": w.reason, "via": "import"})),
                )
                .await?;
            }
        }
        Work::Matrix(writes) => {
            let verify_days = matrix::settings_of(conn, org).await?.verify_days;
            for w in writes {
                let (c, a) = (w.component, w.activity);
                // the plan read the row unlocked; someone may have changed it since
                let version = db::ownership::matrix::lock(conn, ComponentId(c), ActivityId(a)).await?;
                if version != w.version {
                    return Err(changed_meanwhile(&w.label));
                }
                let incoming = w.letters.iter().map(|(_, p, t)| (*p, *t));
                let save = matrix::RowSave::read(conn, org, (c, a), verify_days, incoming).await?;
                let (before, after) = save.write(conn, org, &w.letters).await?;
                audit::record(
                    conn,
                    Some(actor),
                    org,
                    audit::Entry::new("ownership.row_changed", "component", c)
                        .before(&serde_json::json!({"activity_id": a, "row": before}))
                        .after(&serde_json::json!({"activity_id": a, "row": after, "via": "import"})),
                )
                .await?;
            }
        }
    }
    Ok(())
}

pub(super) fn changed_meanwhile(what: &str) -> ServiceError {
    ServiceError::conflict(format!(
        "\"{what}\" was changed by someone else while the file was being imported; nothing was imported. Run the \
         import again."
    ))
}
