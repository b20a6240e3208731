//! This function as a Spin component; it also answers `/healthz` for the
//! application.

preloop_spin::http_entry!(crate::handle_with_health);
