//! This function as a Spin component.

preloop_spin::http_entry!(crate::handle);
