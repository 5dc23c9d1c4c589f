//! The TypeScript of the wire, generated from the Rust types: every argument and answer
//! type (through `ts-rs`), and a map from each command's name to its `args` and `output`,
//! so that the UI's `call(name, args)` is checked by `tsc`. The Api's commands go to
//! `ui/src/lib/api.gen.ts` ([`typescript`]; the test `typescript` in this crate fails
//! when the committed file differs, `UPDATE_TS=1` rewrites it); `bintek-server` uses the
//! same [`Builder`] for its own routes (`pair`, `whoami` …).

use std::collections::BTreeMap;

use ts_rs::{TypeVisitor, TS};

use crate::commands::{Command, COMMANDS};

/// Declarations by name, and the map's lines in the order they were added.
#[derive(Default)]
pub struct Builder {
    decls: BTreeMap<String, String>,
    entries: Vec<String>,
}

impl TypeVisitor for Builder {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only named (derived) types are declared; wrappers and primitives are inline.
        if T::output_path().is_none() {
            T::visit_generics(self);
            T::visit_dependencies(self);
            return;
        }
        let name = T::ident();
        // JSON numbers are JavaScript numbers: the UI never sees a bigint.
        let decl = T::decl().replace("bigint", "number");
        if let Some(known) = self.decls.get(&name) {
            // Two Rust types of one name would silently become one TypeScript type.
            assert!(
                *known == decl,
                "two wire types are called {name}: rename one with #[ts(rename = \"…\")]"
            );
            return;
        }
        self.decls.insert(name, decl);
        T::visit_generics(self);
        T::visit_dependencies(self);
    }
}

impl Builder {
    fn add<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::name().replace("bigint", "number")
    }

    /// One entry of the map: `name: { args: A; output: O }`, with `summary` as its
    /// comment, and every type both need.
    pub fn entry<A: TS + 'static, O: TS + 'static>(&mut self, name: &str, summary: &str) {
        let args = self.add::<A>();
        let output = self.add::<O>();
        self.entries.push(format!(
            "  /** {summary} */\n  {name}: {{ args: {args}; output: {output} }};"
        ));
    }

    /// The whole file: the declarations, then `interface {map}` and its helper types
    /// (`{map}Name`, `{map}Args<K>`, `{map}Output<K>`; for the Api's `Commands`, the
    /// short `CommandName`, `Args<K>`, `Output<K>`).
    pub fn finish(self, generated_by: &str, map: &str, short: bool) -> String {
        let mut out = format!(
            "// Generated from the Rust types by `{generated_by}`.\n// Do not edit: change the Rust type and generate again.\n\n"
        );
        for decl in self.decls.values() {
            out.push_str("export ");
            out.push_str(decl.trim());
            out.push_str("\n\n");
        }
        out.push_str(&format!(
            "/** Every entry: its arguments and its answer. */\nexport interface {map} {{\n"
        ));
        for line in &self.entries {
            out.push_str(line);
            out.push('\n');
        }
        let (name, args, output) = if short {
            (
                "CommandName".to_string(),
                "Args".to_string(),
                "Output".to_string(),
            )
        } else {
            (
                format!("{map}Name"),
                format!("{map}Args"),
                format!("{map}Output"),
            )
        };
        out.push_str(&format!(
            "}}\n\nexport type {name} = keyof {map};\nexport type {args}<K extends {name}> = {map}[K]['args'];\nexport type {output}<K extends {name}> = {map}[K]['output'];\n"
        ));
        out
    }
}

pub(crate) fn command<C: Command>(b: &mut Builder) {
    b.entry::<C::Args, C::Output>(C::NAME, C::SUMMARY);
}

/// The whole generated file of the Api's commands.
pub fn typescript() -> String {
    let mut b = Builder::default();
    for cmd in COMMANDS {
        (cmd.typescript)(&mut b);
    }
    b.finish(
        "UPDATE_TS=1 cargo test -p bintek-core --test typescript",
        "Commands",
        true,
    )
}

/// The check behind each crate's `typescript` test: `Err` with what to run when the file
/// at `path` is not `now`; with `UPDATE_TS` set, writes `now` there instead. Line ends are
/// ignored (a Windows checkout).
pub fn check_committed(path: &std::path::Path, now: &str, update: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_TS").is_some() {
        return std::fs::write(path, now).map_err(|e| format!("{}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if committed == now {
        Ok(())
    } else {
        Err(format!(
            "{} is not what the Rust types say: run `{update}` and commit the file",
            path.display()
        ))
    }
}
