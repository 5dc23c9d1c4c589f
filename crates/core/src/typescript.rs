//! The TypeScript of the wire, generated from the command table: every argument and
//! answer type (through `ts-rs`), and a `Commands` map from each command's name to its
//! `args` and `output`, so that the UI's `call(name, args)` is checked by `tsc`. The file
//! is `ui/src/lib/api.gen.ts`; the test `typescript` in this crate fails when it differs
//! from what the Rust types say (`UPDATE_TS=1` rewrites it).

use std::collections::BTreeMap;

use ts_rs::{TypeVisitor, TS};

use crate::commands::{Command, COMMANDS};

/// Declarations by name, and the command map's lines in table order.
#[derive(Default)]
pub struct Collector {
    decls: BTreeMap<String, String>,
    commands: Vec<String>,
}

impl TypeVisitor for Collector {
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

impl Collector {
    fn add<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::name().replace("bigint", "number")
    }
}

pub(crate) fn command<C: Command>(c: &mut Collector) {
    let args = c.add::<C::Args>();
    let output = c.add::<C::Output>();
    c.commands.push(format!(
        "  /** {} */\n  {}: {{ args: {args}; output: {output} }};",
        C::SUMMARY,
        C::NAME
    ));
}

/// The whole generated file.
pub fn typescript() -> String {
    let mut c = Collector::default();
    for cmd in COMMANDS {
        (cmd.typescript)(&mut c);
    }
    let mut out = String::from(
        "// Generated from the Rust types of bintek-core by `UPDATE_TS=1 cargo test -p bintek-core --test typescript`.\n// Do not edit: change the Rust type and generate again.\n\n",
    );
    for decl in c.decls.values() {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command: its arguments and its answer. */\nexport interface Commands {\n",
    );
    for line in &c.commands {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("}\n\nexport type CommandName = keyof Commands;\nexport type Args<K extends CommandName> = Commands[K]['args'];\nexport type Output<K extends CommandName> = Commands[K]['output'];\n");
    out
}
