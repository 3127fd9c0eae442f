//! One module per page of the navigation.

mod connected_applications;
mod environments;
mod home;
mod key_vaults;
mod settings;
mod sign_in;
mod workspace_file;

pub use connected_applications::ConnectedApplicationsPage;
pub use environments::EnvironmentsPage;
pub use home::HomePage;
pub use key_vaults::KeyVaultsPage;
pub use settings::SettingsPage;
