//! When a save is over: how long to keep gathering events before the
//! change they make is reported.
//!
//! Waiting [`QUIET`] after every event is safe but slow: every save waits
//! for it, and that wait was most of what a body edit took to be served.
//! Where the watcher reports files closed after writing (inotify does),
//! the end of a save is seen: every file that was being written has been
//! closed, or a file has been renamed into place. Then a short [`GRACE`]
//! is enough to gather what comes with it (a backup removed, the mode
//! set). Anything else (a file removed, which git does before writing it
//! anew), and every event of a watcher that reports no closes, waits
//! [`QUIET`] as before.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind};

use super::is_editor_file;

/// How long the sources must be quiet before a change is reported, while
/// a save may not be over. Editors finish a save within a few
/// milliseconds; a longer wait is latency.
pub const QUIET: Duration = Duration::from_millis(20);

/// How long to wait once a save is seen to be over, for the events that
/// come with its end.
pub const GRACE: Duration = Duration::from_millis(2);

/// The files being written, and whether the last event ended a save.
#[derive(Debug, Default)]
pub struct Settling {
    /// Files created, written or renamed away and not yet closed or back.
    open: HashSet<PathBuf>,
    /// Whether the last event made a source file whole: closed after
    /// writing, renamed into place, or a folder made (the save is over
    /// when no file is `open` too).
    ended: bool,
}

impl Settling {
    /// Takes `event` into account. Editors' swap, backup and temporary
    /// files neither end a save nor keep one open (vim's swap file stays
    /// open while it edits), but for a file renamed to one: a backup made
    /// of it, whose new text comes next.
    pub fn take(&mut self, event: &Event) {
        let paths = &event.paths;
        if paths.iter().all(|p| is_editors(p)) {
            return;
        }
        self.ended = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                self.close(paths);
                true
            }
            EventKind::Access(_) => self.ended,
            EventKind::Create(CreateKind::Folder) => true,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => match paths.as_slice() {
                [from, to] if is_editors(to) => {
                    // A backup made of the file (`a.md` to `a.md~`).
                    self.open.insert(from.clone());
                    false
                }
                [from, to] => {
                    self.open.remove(from);
                    self.open.remove(to);
                    true
                }
                _ => false,
            },
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) => {
                self.close(paths);
                true
            }
            // A file removed may come back: git removes a file before it
            // writes it anew.
            EventKind::Remove(_) => {
                self.close(paths);
                false
            }
            EventKind::Modify(ModifyKind::Metadata(_)) => self.ended,
            // Created, written, renamed away, or what the watcher does not
            // say: more may come.
            _ => {
                let sources = paths.iter().filter(|p| !is_editors(p));
                self.open.extend(sources.cloned());
                false
            }
        };
    }

    /// How long to wait for another event before the change is reported.
    pub fn wait(&self) -> Duration {
        if self.ended && self.open.is_empty() {
            GRACE
        } else {
            QUIET
        }
    }

    /// `paths` are no longer being written (closed, renamed into place
    /// or removed).
    fn close(&mut self, paths: &[PathBuf]) {
        for path in paths {
            self.open.remove(path);
        }
    }
}

/// Whether `path` names an editor's swap, backup or temporary file.
fn is_editors(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_editor_file(&name.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, MetadataKind, RemoveKind};

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        paths
            .iter()
            .fold(Event::new(kind), |e, p| e.add_path(PathBuf::from(p)))
    }

    fn created(p: &str) -> Event {
        event(EventKind::Create(CreateKind::File), &[p])
    }
    fn written(p: &str) -> Event {
        event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &[p])
    }
    fn closed(p: &str) -> Event {
        event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &[p],
        )
    }
    fn renamed(from: &str, to: &str) -> [Event; 3] {
        let kind = |mode| EventKind::Modify(ModifyKind::Name(mode));
        [
            event(kind(RenameMode::From), &[from]),
            event(kind(RenameMode::To), &[to]),
            event(kind(RenameMode::Both), &[from, to]),
        ]
    }
    fn removed(p: &str) -> Event {
        event(EventKind::Remove(RemoveKind::File), &[p])
    }

    /// The wait after each of `events`, in order.
    fn waits(events: &[Event]) -> Vec<Duration> {
        let mut settling = Settling::default();
        events
            .iter()
            .map(|e| {
                settling.take(e);
                settling.wait()
            })
            .collect()
    }

    const Q: Duration = QUIET;
    const G: Duration = GRACE;

    #[test]
    fn a_file_written_in_place_is_whole_when_closed() {
        // VS Code, `echo >>`, a script.
        let a = "/s/content/members/a.md";
        assert_eq!(waits(&[written(a), written(a), closed(a)]), [Q, Q, G]);
        // A mode set after the close does not make it wait again.
        let mode = event(
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
            &[a],
        );
        assert_eq!(waits(&[written(a), closed(a), mode]), [Q, G, G]);
        // A new file, and a new folder.
        assert_eq!(waits(&[created(a), written(a), closed(a)]), [Q, Q, G]);
        let folder = event(EventKind::Create(CreateKind::Folder), &["/s/content/x"]);
        assert_eq!(waits(&[folder]), [G]);
    }

    #[test]
    fn a_save_is_not_over_while_another_file_is_being_written() {
        let (a, b) = ("/s/content/a.md", "/s/content/b.md");
        assert_eq!(
            waits(&[written(a), written(b), closed(a), closed(b)]),
            [Q, Q, Q, G]
        );
        // Nor after an event the watcher does not name.
        let other = event(EventKind::Any, &[a]);
        assert_eq!(waits(&[closed(a), other]), [G, Q]);
    }

    #[test]
    fn a_save_through_a_temporary_file_is_over_when_it_is_renamed_into_place() {
        // JetBrains: the new text in a temporary file, the old file renamed
        // away, the new one renamed in, the old one removed.
        let a = "/s/content/a.md";
        let (tmp, old) = ("/s/content/a.md___jb_tmp___", "/s/content/a.md___jb_old___");
        let mut events = vec![created(tmp), written(tmp), closed(tmp)];
        events.extend(renamed(a, old));
        events.extend(renamed(tmp, a));
        events.push(removed(old));
        let waits = waits(&events);
        // Not over while the temporary file is written, nor while `a.md`
        // is away…
        assert_eq!(waits[..6], [Q; 6]);
        // …over once it is back, the old one's removal or not.
        assert_eq!(waits[6..], [Q, G, G, G]);
    }

    #[test]
    fn a_save_that_keeps_a_backup_is_over_when_the_new_file_is_closed() {
        // vim: the file renamed to its backup, written anew, the backup removed.
        let (a, backup) = ("/s/content/a.md", "/s/content/a.md~");
        let mut events = renamed(a, backup).to_vec();
        events.extend([created(a), written(a), closed(a)]);
        assert_eq!(waits(&events), [Q, Q, Q, Q, Q, G]);
        // vim's probe of the folder, created, closed and removed first,
        // ends nothing; nor does its swap file, written and left open,
        // keep the save from being over.
        let (probe, swap) = ("/s/content/4913", "/s/content/.a.md.swp");
        assert_eq!(
            waits(&[created(probe), closed(probe), removed(probe), created(a)]),
            [Q, Q, Q, Q]
        );
        assert_eq!(
            waits(&[written(swap), written(a), closed(a), written(swap)]),
            [Q, Q, G, G]
        );
    }

    #[test]
    fn files_moved_are_whole_at_once_and_removed_ones_may_come_back() {
        let (a, b) = ("/s/content/a.md", "/s/content/b.md");
        assert_eq!(waits(&renamed(a, b)), [Q, Q, G]);
        // git removes a file before it writes it anew.
        assert_eq!(waits(&[removed(a)]), [Q]);
        assert_eq!(waits(&[removed(a), created(a), closed(a)]), [Q, Q, G]);
        // Moved out of the site: only its leaving is seen.
        assert_eq!(waits(&renamed(a, "/elsewhere/a.md")[..1]), [Q]);
    }

    /// The events a real watcher gives for `save` in a fresh folder, in
    /// order, until none has come for a while.
    fn real_events(save: impl FnOnce(&Path)) -> Vec<Event> {
        use notify::{RecursiveMode, Watcher};
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(dir.path().join("a.md"), "old").expect("a file");
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(tx).expect("a watcher");
        (watcher.watch(dir.path(), RecursiveMode::Recursive)).expect("watched");
        save(dir.path());
        let mut events = Vec::new();
        while let Ok(event) = rx.recv_timeout(Duration::from_millis(300)) {
            events.push(event.expect("an event"));
        }
        events
    }

    /// Saves as editors and tools make them, seen through inotify: each
    /// is over once its last event is in (it would wait `QUIET` if the
    /// watcher named other kinds of events than these tests take).
    #[test]
    #[cfg(target_os = "linux")]
    fn real_saves_are_seen_to_be_over() {
        use std::fs;
        let in_place = real_events(|d| fs::write(d.join("a.md"), "new").expect("written"));
        let renamed_in = real_events(|d| {
            fs::write(d.join("a.md.tmp"), "new").expect("written");
            fs::rename(d.join("a.md.tmp"), d.join("a.md")).expect("renamed");
        });
        let backup_kept = real_events(|d| {
            fs::rename(d.join("a.md"), d.join("a.md~")).expect("renamed");
            fs::write(d.join("a.md"), "new").expect("written");
            fs::remove_file(d.join("a.md~")).expect("removed");
        });
        let written_anew = real_events(|d| {
            fs::remove_file(d.join("a.md")).expect("removed");
            fs::write(d.join("a.md"), "new").expect("written");
        });
        // With an editor's swap file open beside it.
        let mut swap = None;
        let beside_swap = real_events(|d| {
            use std::io::Write;
            let mut f = fs::File::create(d.join(".a.md.swp")).expect("created");
            f.write_all(b"swap").expect("written");
            swap = Some(f);
            fs::write(d.join("a.md"), "new").expect("written");
        });
        drop(swap);
        for (save, events) in [
            ("in place", in_place),
            ("renamed in", renamed_in),
            ("backup kept", backup_kept),
            ("removed and written anew", written_anew),
            ("beside a swap file", beside_swap),
        ] {
            assert!(!events.is_empty(), "{save}: no events");
            assert_eq!(waits(&events).last(), Some(&GRACE), "{save}: {events:?}");
        }
        let removed = real_events(|d| fs::remove_file(d.join("a.md")).expect("removed"));
        assert_eq!(waits(&removed).last(), Some(&QUIET), "{removed:?}");
        // A file still open for writing is not over.
        let mut file = None;
        let open = real_events(|d| {
            use std::io::Write;
            let mut f = fs::File::create(d.join("b.md")).expect("created");
            f.write_all(b"half").expect("written");
            file = Some(f);
        });
        assert_eq!(waits(&open).last(), Some(&QUIET), "{open:?}");
        drop(file);
    }
}
