//! Group commit: writes from concurrent requests share one transaction and so one `fsync`.
//!
//! The database runs with `synchronous = FULL`: a report is on disk before it is acknowledged,
//! and each commit waits for the disk (a few milliseconds on a virtual machine). One transaction
//! per report would cap the service at a few hundred reports a second, whatever the CPU. Instead,
//! [`Writer`] runs a thread that takes every write waiting when it is ready, runs each in its own
//! savepoint inside one transaction (a write that fails rolls back alone), commits once, and only
//! then answers each caller. Under light load a batch is one write and nothing waits; under heavy
//! load the batches grow while the disk works, with no timer and no added delay.
//!
//! The thread shares the service's single connection (its mutex) with every other query. It holds
//! the connection only weakly, so that dropping the last handle to the database closes it at once,
//! and it ends then too.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use rusqlite::{Connection, TransactionBehavior};

use crate::db::DbError;

/// The most writes in one transaction.
pub const MAX_BATCH: usize = 256;

/// What a write leaves to do once its batch is committed (`Ok`) or failed to commit (`Err`).
type Finish = Box<dyn FnOnce(Result<(), String>) + Send>;
/// A write: runs in its savepoint (or is told why it cannot run) and says whether to keep it.
type Job = Box<dyn FnOnce(Result<&Connection, String>) -> (bool, Finish) + Send>;

/// The handle that queues writes for the writer thread.
#[derive(Clone)]
pub struct Writer {
    jobs: Sender<Job>,
}

impl Writer {
    /// Starts the writer thread on `conn`.
    pub fn start(conn: &Arc<Mutex<Connection>>) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let conn = Arc::downgrade(conn);
        std::thread::Builder::new().name("group-commit".into()).spawn(move || run(&conn, &queue))?;
        Ok(Self { jobs })
    }

    /// Runs `write` in the next batch and answers once that batch is committed: `write`'s own
    /// error if it failed (its changes rolled back, the batch's others kept), or the commit's.
    pub async fn write<T, F>(&self, write: F) -> Result<T, DbError>
    where
        F: FnOnce(&Connection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |conn| {
            let result = conn.map_err(DbError::Commit).and_then(write);
            let keep = result.is_ok();
            let finish: Finish = Box::new(move |committed| {
                let _ = answer.send(match (result, committed) {
                    (Ok(value), Ok(())) => Ok(value),
                    (Ok(_), Err(err)) => Err(DbError::Commit(err)),
                    (Err(err), _) => Err(err),
                });
            });
            (keep, finish)
        });
        self.jobs.send(job).map_err(|_| DbError::Commit("the writer has stopped".into()))?;
        answered.await.map_err(|_| DbError::Commit("the writer has stopped".into()))?
    }
}

/// The writer thread: waits for a write, takes every other one waiting (up to [`MAX_BATCH`]),
/// and commits them together.
fn run(conn: &Weak<Mutex<Connection>>, queue: &Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        batch.extend(queue.try_iter().take(MAX_BATCH - 1));
        let Some(conn) = conn.upgrade() else {
            let closed = "the database is closed".to_owned();
            batch.into_iter().for_each(|job| job(Err(closed.clone())).1(Err(closed.clone())));
            continue;
        };
        let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
        let finishes = match commit(&mut conn, batch) {
            Ok(finishes) => finishes.into_iter().map(|f| (f, Ok(()))).collect::<Vec<_>>(),
            Err((finishes, err)) => finishes.into_iter().map(|f| (f, Err(err.clone()))).collect(),
        };
        drop(conn);
        for (finish, committed) in finishes {
            finish(committed);
        }
    }
}

/// One batch in one transaction, each write in its savepoint. Returns what is left to do for
/// each write, and the error if the batch did not commit (then none of it is kept).
fn commit(conn: &mut Connection, batch: Vec<Job>) -> Result<Vec<Finish>, (Vec<Finish>, String)> {
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(err) => {
            let err = err.to_string();
            let finishes = batch.into_iter().map(|job| job(Err(err.clone())).1).collect();
            return Err((finishes, err));
        }
    };
    let mut finishes = Vec::with_capacity(batch.len());
    let mut failed = None;
    for job in batch {
        if let Some(err) = &failed {
            finishes.push(job(Err(String::clone(err))).1);
            continue;
        }
        match tx.savepoint() {
            Ok(mut savepoint) => {
                let (keep, finish) = job(Ok(&savepoint));
                finishes.push(finish);
                if !keep && let Err(err) = savepoint.rollback() {
                    failed = Some(err.to_string());
                }
                if let Err(err) = savepoint.commit() {
                    failed = Some(err.to_string());
                }
            }
            Err(err) => {
                finishes.push(job(Err(err.to_string())).1);
                failed = Some(err.to_string());
            }
        }
    }
    if let Some(err) = failed {
        return Err((finishes, err));
    }
    match tx.commit() {
        Ok(()) => Ok(finishes),
        Err(err) => Err((finishes, err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Arc<Mutex<Connection>> {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch("CREATE TABLE t (n INTEGER PRIMARY KEY)").expect("table");
        Arc::new(Mutex::new(conn))
    }

    fn rows(conn: &Mutex<Connection>) -> Vec<i64> {
        let conn = conn.lock().expect("lock");
        let mut statement = conn.prepare("SELECT n FROM t ORDER BY n").expect("prepare");
        statement.query_map([], |row| row.get(0)).expect("query").collect::<Result<_, _>>().expect("rows")
    }

    #[tokio::test]
    async fn writes_waiting_together_commit_together_and_a_failed_one_rolls_back_alone() {
        let conn = table();
        let writer = Writer::start(&conn).expect("start");
        // Another thread holds the connection a moment, so that all five writes queue up and go
        // in one batch.
        let (locked, is_locked) = std::sync::mpsc::channel();
        let holder = {
            let conn = Arc::clone(&conn);
            std::thread::spawn(move || {
                let _held = conn.lock().expect("lock");
                locked.send(()).expect("send");
                std::thread::sleep(std::time::Duration::from_millis(200));
            })
        };
        is_locked.recv().expect("locked");
        let writes: Vec<_> = (1..=5i64)
            .map(|n| {
                let writer = writer.clone();
                tokio::spawn(async move {
                    writer
                        .write(move |conn| {
                            conn.execute("INSERT INTO t (n) VALUES (?1)", [n])?;
                            // The third inserts, then fails: its row must go, the others stay.
                            if n == 3 {
                                conn.execute("INSERT INTO t (n) VALUES (?1)", [1])?;
                            }
                            Ok(n * 10)
                        })
                        .await
                })
            })
            .collect();
        let mut answers = Vec::new();
        for write in writes {
            answers.push(write.await.expect("join").map_err(|err| err.to_string()));
        }
        assert_eq!(answers[0], Ok(10));
        assert!(answers[2].as_ref().is_err_and(|err| err.contains("UNIQUE")), "{answers:?}");
        assert_eq!((answers[1].clone(), answers[3].clone(), answers[4].clone()), (Ok(20), Ok(40), Ok(50)));
        assert_eq!(rows(&conn), [1, 2, 4, 5]);
        holder.join().expect("the holder ends");
    }

    #[tokio::test]
    async fn a_batch_that_cannot_begin_answers_every_write_with_the_error() {
        let conn = table();
        let writer = Writer::start(&conn).expect("start");
        // A transaction already open on the connection: the batch's BEGIN fails.
        conn.lock().expect("lock").execute_batch("BEGIN").expect("begin");
        let err =
            writer.write(|conn| Ok(conn.execute("INSERT INTO t (n) VALUES (7)", [])?)).await.expect_err("refused");
        assert!(err.to_string().contains("did not commit"), "{err}");
        conn.lock().expect("lock").execute_batch("ROLLBACK").expect("rollback");
        assert_eq!(
            writer.write(|conn| Ok(conn.execute("INSERT INTO t (n) VALUES (8)", [])?)).await.expect("then it works"),
            1
        );
        assert_eq!(rows(&conn), [8]);
    }
}
