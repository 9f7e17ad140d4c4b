#include "bbg/core/config.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <cstdlib>
#include <sstream>
#include <toml++/toml.h>

#include "bbg/core/errors.hpp"

namespace bbg {

struct Config::Impl {
  toml::table root;
  std::string source;
  std::vector<std::string> section_order;                        // first-read order
  std::map<std::string, std::vector<std::pair<std::string, ConfigValue>>> resolved;
  std::map<std::string, std::set<std::string>> known;           // keys read or declared
  std::set<std::string> declared_sections;

  const toml::node* find(const std::string& section, const std::string& key) const {
    if (section.empty()) return root.get(key);
    const toml::node* sec = root.get(section);
    if (!sec) return nullptr;
    const toml::table* t = sec->as_table();
    if (!t) throw ConfigError(section, "(not a table)", "[" + section + "] must be a TOML table");
    return t->get(key);
  }

  void record(const std::string& section, const std::string& key, ConfigValue value) {
    known[section].insert(key);
    if (std::find(section_order.begin(), section_order.end(), section) == section_order.end())
      section_order.push_back(section);
    auto& entries = resolved[section];
    for (auto& e : entries)
      if (e.first == key) {
        e.second = std::move(value);
        return;
      }
    entries.emplace_back(key, std::move(value));
  }
};

namespace {

std::string node_repr(const toml::node& n) {
  std::ostringstream os;
  n.visit([&os](auto&& v) { os << v; });
  return os.str();
}

std::optional<double> as_number(const toml::node& n) {
  if (auto i = n.as_integer()) return static_cast<double>(i->get());
  if (auto f = n.as_floating_point()) return f->get();
  return std::nullopt;
}

std::optional<int64_t> as_int(const toml::node& n) {
  if (auto i = n.as_integer()) return i->get();
  if (auto f = n.as_floating_point()) {
    double v = f->get();
    if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9.0e15) return static_cast<int64_t>(v);
  }
  return std::nullopt;
}

std::string escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string format_double(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  // Shortest decimal form that reads back as the same double (0.3, not 0.29999999999999999).
  std::string s;
  for (int digits = 6; digits <= 17; ++digits) {
    std::ostringstream os;
    os.precision(digits);
    os << v;
    s = os.str();
    if (std::strtod(s.c_str(), nullptr) == v) break;
  }
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string join(const std::set<std::string>& items) {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

}  // namespace

std::string format_config_value(const ConfigValue& v) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return format_double(d); }
    std::string operator()(const std::string& s) const { return escape(s); }
    std::string operator()(const std::vector<int64_t>& l) const {
      std::string s = "[";
      for (size_t i = 0; i < l.size(); ++i) s += (i ? ", " : "") + std::to_string(l[i]);
      return s + "]";
    }
    std::string operator()(const std::vector<double>& l) const {
      std::string s = "[";
      for (size_t i = 0; i < l.size(); ++i) s += (i ? ", " : "") + format_double(l[i]);
      return s + "]";
    }
    std::string operator()(const std::vector<std::vector<double>>& m) const {
      std::string s = "[";
      for (size_t i = 0; i < m.size(); ++i) s += (i ? ", " : "") + (*this)(m[i]);
      return s + "]";
    }
    std::string operator()(const std::vector<std::string>& l) const {
      std::string s = "[";
      for (size_t i = 0; i < l.size(); ++i) s += (i ? ", " : "") + escape(l[i]);
      return s + "]";
    }
  };
  return std::visit(Visitor{}, v);
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  const size_t limit = std::max<size_t>(2, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

// ---------------------------------------------------------------- ConfigSection

std::string ConfigSection::path(const std::string& key) const { return name_.empty() ? key : name_ + "." + key; }

bool ConfigSection::has(const std::string& key) const {
  owner_->impl_->known[name_].insert(key);
  return owner_->impl_->find(name_, key) != nullptr;
}

bool ConfigSection::present() const { return name_.empty() || owner_->impl_->root.get(name_) != nullptr; }

void ConfigSection::declare(const std::string& key) const { owner_->impl_->known[name_].insert(key); }

bool ConfigSection::get_bool(const std::string& key, bool fallback) const {
  bool v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    auto b = n->as_boolean();
    if (!b) throw ConfigError(path(key), node_repr(*n), "must be true or false");
    v = b->get();
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

int64_t ConfigSection::get_int(const std::string& key, int64_t fallback) const {
  int64_t v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    auto i = as_int(*n);
    if (!i) throw ConfigError(path(key), node_repr(*n), "must be an integer");
    v = *i;
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

double ConfigSection::get_double(const std::string& key, double fallback) const {
  double v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    auto d = as_number(*n);
    if (!d) throw ConfigError(path(key), node_repr(*n), "must be a number");
    if (!std::isfinite(*d)) throw ConfigError(path(key), node_repr(*n), "must be a finite number");
    v = *d;
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

std::string ConfigSection::get_string(const std::string& key, const std::string& fallback) const {
  std::string v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    auto s = n->as_string();
    if (!s) throw ConfigError(path(key), node_repr(*n), "must be a string (in quotes)");
    v = s->get();
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

void ConfigSection::require_choice(const std::string& key, const std::string& value,
                                   const std::vector<std::string>& allowed) const {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  std::string msg = "allowed: ";
  for (size_t i = 0; i < allowed.size(); ++i) msg += (i ? ", " : "") + allowed[i];
  const std::string near = closest_match(value, allowed);
  if (!near.empty()) msg += " (did you mean \"" + near + "\"?)";
  throw ConfigError(path(key), "\"" + value + "\"", msg);
}

std::string ConfigSection::get_choice(const std::string& key, const std::string& fallback,
                                      const std::vector<std::string>& allowed) const {
  const std::string v = get_string(key, fallback);
  require_choice(key, v, allowed);
  return v;
}

std::string ConfigSection::require_string(const std::string& key, const std::string& allowed) const {
  if (!owner_->impl_->find(name_, key)) {
    owner_->impl_->known[name_].insert(key);
    throw ConfigError(path(key), "(missing)", "required; " + allowed);
  }
  return get_string(key, "");
}

std::vector<int64_t> ConfigSection::get_int_list(const std::string& key, const std::vector<int64_t>& fallback) const {
  std::vector<int64_t> v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    const toml::array* a = n->as_array();
    if (!a) throw ConfigError(path(key), node_repr(*n), "must be a list of integers, e.g. [8, 8]");
    v.clear();
    for (const auto& e : *a) {
      auto i = as_int(e);
      if (!i) throw ConfigError(path(key), node_repr(*n), "must be a list of integers, e.g. [8, 8]");
      v.push_back(*i);
    }
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

std::vector<double> ConfigSection::get_double_list(const std::string& key, const std::vector<double>& fallback) const {
  std::vector<double> v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    const toml::array* a = n->as_array();
    if (!a) throw ConfigError(path(key), node_repr(*n), "must be a list of numbers");
    v.clear();
    for (const auto& e : *a) {
      auto d = as_number(e);
      if (!d) throw ConfigError(path(key), node_repr(*n), "must be a list of numbers");
      v.push_back(*d);
    }
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

std::vector<std::string> ConfigSection::get_string_list(const std::string& key,
                                                        const std::vector<std::string>& fallback) const {
  std::vector<std::string> v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    const std::string allowed = "must be a string or a list of strings, e.g. [\"nuts\", \"sgld\"]";
    if (auto s = n->as_string()) {
      v = {s->get()};
    } else if (const toml::array* a = n->as_array()) {
      v.clear();
      for (const auto& e : *a) {
        auto s = e.as_string();
        if (!s) throw ConfigError(path(key), node_repr(*n), allowed);
        v.push_back(s->get());
      }
    } else {
      throw ConfigError(path(key), node_repr(*n), allowed);
    }
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

std::vector<std::vector<double>> ConfigSection::get_double_matrix(
    const std::string& key, const std::vector<std::vector<double>>& fallback) const {
  std::vector<std::vector<double>> v = fallback;
  if (const toml::node* n = owner_->impl_->find(name_, key)) {
    const toml::array* a = n->as_array();
    const std::string allowed = "must be a list of lists of numbers, e.g. [[1.0, 0.0], [-1.0, 0.0]]";
    if (!a) throw ConfigError(path(key), node_repr(*n), allowed);
    v.clear();
    for (const auto& row : *a) {
      const toml::array* r = row.as_array();
      if (!r) throw ConfigError(path(key), node_repr(*n), allowed);
      std::vector<double> out;
      for (const auto& e : *r) {
        auto d = as_number(e);
        if (!d) throw ConfigError(path(key), node_repr(*n), allowed);
        out.push_back(*d);
      }
      v.push_back(std::move(out));
    }
  }
  owner_->impl_->record(name_, key, v);
  return v;
}

// ---------------------------------------------------------------- Config

Config::Config() : impl_(std::make_unique<Impl>()) {}
Config::~Config() = default;
Config::Config(Config&&) noexcept = default;
Config& Config::operator=(Config&&) noexcept = default;

Config Config::from_string(const std::string& text, const std::string& source) {
  Config c;
  c.impl_->source = source;
  try {
    c.impl_->root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << source << ":" << e.source().begin.line << ":" << e.source().begin.column << ": invalid TOML: "
       << e.description();
    throw UserError(os.str());
  }
  return c;
}

Config Config::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot read config file '" + path + "': " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw UserError("cannot read config file '" + path + "'");
  return from_string(ss.str(), path);
}

void Config::apply_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw UserError("--set '" + assignment + "': expected section.key=value, e.g. --set target.kappa=0.25");
  std::string lhs = assignment.substr(0, eq), rhs = assignment.substr(eq + 1);
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t") + 1);
    return s;
  };
  lhs = trim(lhs);
  rhs = trim(rhs);
  std::string section, key = lhs;
  if (auto dot = lhs.find('.'); dot != std::string::npos) {
    section = lhs.substr(0, dot);
    key = lhs.substr(dot + 1);
    if (key.find('.') != std::string::npos || section.empty() || key.empty())
      throw UserError("--set '" + assignment + "': expected section.key=value with one dot");
  }
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + rhs);
  } catch (const toml::parse_error&) {
    parsed = toml::table{};
    parsed.insert("v", rhs);  // bare word: a string
  }
  toml::node* value = parsed.get("v");
  toml::table* target = &impl_->root;
  if (!section.empty()) {
    toml::node* sec = impl_->root.get(section);
    if (!sec) {
      impl_->root.insert(section, toml::table{});
      sec = impl_->root.get(section);
    }
    target = sec->as_table();
    if (!target) throw UserError("--set '" + assignment + "': '" + section + "' is not a section");
  }
  target->insert_or_assign(key, *value);
}

ConfigSection Config::section(const std::string& name) {
  impl_->known[name];
  return ConfigSection(this, name);
}

std::vector<std::string> Config::sections_present() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : impl_->root)
    if (v.is_table()) out.emplace_back(k.str());
  return out;
}

void Config::declare_section(const std::string& name) { impl_->declared_sections.insert(name); }

void Config::check_all_used() const {
  std::vector<std::string> known_sections;
  for (const auto& [name, keys] : impl_->known)
    if (!name.empty()) known_sections.push_back(name);
  for (const auto& s : impl_->declared_sections) known_sections.push_back(s);

  auto check_keys = [&](const std::string& section, const toml::table& table) {
    const std::set<std::string>& keys = impl_->known[section];
    for (const auto& [k, v] : table) {
      std::string key(k.str());
      if (section.empty() && v.is_table()) continue;
      if (keys.count(key)) continue;
      std::string where = section.empty() ? key : section + "." + key;
      std::vector<std::string> cand(keys.begin(), keys.end());
      std::string hint = closest_match(key, cand);
      std::string allowed = hint.empty() ? "unknown key" : "unknown key; did you mean '" + hint + "'?";
      if (!keys.empty()) allowed += " (keys allowed here: " + join(keys) + ")";
      throw ConfigError(where, node_repr(v), allowed);
    }
  };
  check_keys("", impl_->root);
  for (const auto& [k, v] : impl_->root) {
    if (!v.is_table()) continue;
    std::string name(k.str());
    bool known = impl_->known.count(name) && !impl_->known.at(name).empty();
    if (!known && impl_->declared_sections.count(name)) continue;
    if (!known) {
      std::string hint = closest_match(name, known_sections);
      std::set<std::string> all(known_sections.begin(), known_sections.end());
      throw ConfigError("[" + name + "]", "(section)",
                        std::string("unknown section") + (hint.empty() ? "" : "; did you mean [" + hint + "]?") +
                            " (sections allowed: " + join(all) + ")");
    }
    check_keys(name, *v.as_table());
  }
}

std::string Config::resolved_toml() const {
  std::ostringstream os;
  auto emit = [&](const std::string& section) {
    auto it = impl_->resolved.find(section);
    if (it == impl_->resolved.end() || it->second.empty()) return;
    if (!section.empty()) os << "\n[" << section << "]\n";
    for (const auto& [k, v] : it->second) os << k << " = " << format_config_value(v) << "\n";
  };
  emit("");
  for (const auto& s : impl_->section_order)
    if (!s.empty()) emit(s);
  return os.str();
}

const std::string& Config::source() const { return impl_->source; }

}  // namespace bbg
