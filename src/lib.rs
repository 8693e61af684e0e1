//! `alumni`: a static site generator for company alumni programmes.
//!
//! The modules are the pipeline, in order (see ARCHITECTURE.md):
//! [`config`] → [`content`] (the model) → [`audience`] (the privacy gate) →
//! [`markdown`] → [`assets`] → [`theme`] + [`render`] → [`output`].
//! [`pipeline::build`] runs them; [`cli`] is the command line. The authoring
//! commands sit beside the pipeline: [`scaffold`] (`init`, `new`), [`check`]
//! (the pipeline without writing, plus content and link checks) and
//! [`import`] (HR exports → member files). `serve` is three parts that
//! [`cli`] joins: [`watch`] (what changed), [`live`] (the site kept in
//! memory, rebuilt change by change, pages rendered when asked) and
//! [`serve`] (HTTP and live reload); `watch` and `serve` don't know each other.

pub mod assets;
pub mod audience;
pub mod check;
pub mod cli;
pub mod collation;
pub mod config;
pub mod content;
pub mod data;
pub mod diagnostics;
pub mod images;
pub mod import;
pub mod indexes;
pub mod live;
pub mod manifest;
pub mod markdown;
pub mod newsletter;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod sources;
pub mod theme;
pub mod watch;
