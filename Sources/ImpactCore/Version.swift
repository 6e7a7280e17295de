/// The tool's version, printed by `impact --version` and written into every
/// output's `meta`.
public enum ImpactVersion {
  public static let current = "0.1.0"
}
