// embed_migrations! reads ../../migrations at compile time; without this line cargo
// would not notice a new migration and the binary would ship without it.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
