//! Publishes scheduled stories at their time, whether or not anyone is
//! online. Each process runs its own: publishing is one transaction per
//! story that checks the story is still scheduled, so processes sharing a
//! database never publish a story twice.

use std::time::Duration;

use app::ssr::newsroom::store::SharedNewsroom;
use time::OffsetDateTime;

/// The longest the schedule sleeps before it asks again what is due: a
/// story scheduled meanwhile (by this process or another) is seen within
/// this, and then goes out at its own second.
const LOOK_AGAIN: Duration = Duration::from_secs(10);

/// Runs for as long as the runtime.
pub fn start(newsroom: SharedNewsroom) {
    tokio::spawn(async move {
        loop {
            publish_due(&newsroom).await;
            let wait = match newsroom.next_due().await {
                Ok(Some(due)) => until(due, OffsetDateTime::now_utc()),
                Ok(None) => LOOK_AGAIN,
                Err(error) => {
                    tracing::error!(%error, "cannot read the schedule; trying again shortly");
                    LOOK_AGAIN
                }
            };
            tokio::time::sleep(wait).await;
        }
    });
}

/// How long to sleep for the next story due at `due`, seen at `now`, just
/// after everything due was published: until then, but never longer than
/// `LOOK_AGAIN`. A story still due now could not go out (its address was
/// taken meanwhile; the log says so): asking again at once would only
/// spin, so the schedule waits the full `LOOK_AGAIN`.
fn until(due: OffsetDateTime, now: OffsetDateTime) -> Duration {
    match Duration::try_from(due - now) {
        Ok(left) if !left.is_zero() => left.min(LOOK_AGAIN),
        _ => LOOK_AGAIN,
    }
}

pub async fn publish_due(newsroom: &SharedNewsroom) {
    match newsroom.publish_due(OffsetDateTime::now_utc()).await {
        Ok(stories) if stories.is_empty() => {}
        Ok(stories) => tracing::info!(event = "scheduled_publish", ?stories),
        Err(error) => tracing::error!(%error, "scheduled stories could not be published"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_until_the_story_is_due_but_never_longer_than_the_cap() {
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).expect("time");
        assert_eq!(
            until(now + time::Duration::seconds(3), now),
            Duration::from_secs(3)
        );
        assert_eq!(until(now + time::Duration::hours(3), now), LOOK_AGAIN);
        // Still due right after publishing: stuck, so no spinning.
        assert_eq!(until(now - time::Duration::hours(1), now), LOOK_AGAIN);
        assert_eq!(until(now, now), LOOK_AGAIN);
    }
}
