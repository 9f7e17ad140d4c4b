// Run configuration: one TOML file per run, plus `--set section.key=value`
// overrides. Every key a component reads is recorded with its effective value
// (defaults included), which gives (a) the resolved config written to the run
// directory and (b) unknown-key detection: a key present in the file that no
// component read is an error with a did-you-mean suggestion.
//
// toml++ stays inside config.cpp; this header exposes plain C++ types only.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace bbg {

using ConfigValue = std::variant<bool, int64_t, double, std::string, std::vector<int64_t>,
                                 std::vector<double>, std::vector<std::vector<double>>, std::vector<std::string>>;

std::string format_config_value(const ConfigValue& v);  // TOML spelling

class Config;

// One [section] (the empty name is the top level). Getters record the key as
// known and store the effective value; a type mismatch is a ConfigError.
class ConfigSection {
 public:
  const std::string& name() const { return name_; }
  std::string path(const std::string& key) const;  // "section.key" or "key"
  bool has(const std::string& key) const;
  bool present() const;  // the section exists in the input

  bool get_bool(const std::string& key, bool fallback) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  double get_double(const std::string& key, double fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  std::vector<int64_t> get_int_list(const std::string& key, const std::vector<int64_t>& fallback) const;
  std::vector<double> get_double_list(const std::string& key, const std::vector<double>& fallback) const;
  std::vector<std::vector<double>> get_double_matrix(const std::string& key,
                                                     const std::vector<std::vector<double>>& fallback) const;
  // A list of strings ["a", "b"]; a single string "a" is read as ["a"].
  std::vector<std::string> get_string_list(const std::string& key, const std::vector<std::string>& fallback) const;
  // A value that must be one of `allowed`: ConfigError "section.key = "v": allowed: a, b
  // (did you mean "a"?)" otherwise. get_choice reads the key (default `fallback`) and checks it.
  void require_choice(const std::string& key, const std::string& value, const std::vector<std::string>& allowed) const;
  std::string get_choice(const std::string& key, const std::string& fallback,
                         const std::vector<std::string>& allowed) const;
  // Required keys: absent is an error that says so.
  std::string require_string(const std::string& key, const std::string& allowed) const;

  // Marks a key as known (for suggestions) without reading it.
  void declare(const std::string& key) const;

 private:
  friend class Config;
  ConfigSection(Config* owner, std::string name) : owner_(owner), name_(std::move(name)) {}
  Config* owner_;
  std::string name_;
};

class Config {
 public:
  Config();
  ~Config();
  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;

  static Config from_file(const std::string& path);  // UserError if unreadable / invalid TOML
  static Config from_string(const std::string& text, const std::string& source = "<string>");

  // "section.key=value" or "key=value"; value in TOML syntax, bare words are strings.
  void apply_override(const std::string& assignment);

  ConfigSection section(const std::string& name);
  ConfigSection top() { return section(""); }
  std::vector<std::string> sections_present() const;

  // Declares a section name as valid even if this run does not read it.
  void declare_section(const std::string& name);
  // Throws ConfigError for the first key or section in the input that nothing
  // read, with the closest known name as a suggestion.
  void check_all_used() const;

  // The effective configuration (input values and defaults that were read), as TOML.
  std::string resolved_toml() const;
  const std::string& source() const;

  struct Impl;

 private:
  friend class ConfigSection;
  std::unique_ptr<Impl> impl_;
};

// Closest candidate by edit distance, or "" when nothing is reasonably close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace bbg
