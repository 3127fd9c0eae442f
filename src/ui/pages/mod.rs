//! One module per page of the navigation.

mod connected_applications;
mod environments;
mod key_vaults;
mod settings;
mod workspace_file;

pub use connected_applications::ConnectedApplicationsPage;
pub use environments::EnvironmentsPage;
pub use key_vaults::KeyVaultsPage;
pub use settings::SettingsPage;
