#include "eval/bench/run_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include <ATen/ATen.h>

#include "core/error.h"
#include "core/io/h5_file.h"
#include "core/io/h5_tensor.h"
#include "core/log.h"
#include "core/random/hash.h"
#include "core/str.h"
#include "eval/bench/bench_images.h"
#include "eval/bench/demographic_scores.h"
#include "eval/bench/embed_images.h"
#include "eval/bench/reference_images.h"
#include "eval/io/final_metrics.h"
#include "eval/io/ipf_inputs.h"
#include "eval/metrics/cmmd.h"
#include "generation/image/png_file.h"
#include "graph/synth/demographics.h"
#include "graph/synth/truth_reader.h"

namespace zipp::eval {
namespace fs = std::filesystem;
namespace h5 = core::h5;

namespace {

constexpr std::array<std::string_view, 3> kDemographicVariables = {"age", "gender", "region"};

struct BenchUser {
  std::int64_t id = -1;
  TrueTaste taste;
  std::array<std::string, 3> demographics;  // age, gender, region
};

// The benchmark's users: every user of the images with ground truth, by id.
struct Users {
  std::vector<BenchUser> list;
  std::map<std::int64_t, std::size_t> index;  // user id -> position in list
};

Users read_users(const h5::File& graph, const fs::path& graph_path,
                 const std::vector<BenchImage>& images, std::vector<std::string>& notes) {
  const std::int64_t truth_users = h5::dataset_info(graph, "/truth/users/style").rows();
  std::set<std::int64_t> ids;
  std::set<std::string> outside;
  for (const auto& image : images) {
    if (image.job.user_id >= 0 && image.job.user_id < truth_users) {
      ids.insert(image.job.user_id);
    } else {
      outside.insert(image.job.user);
    }
  }
  if (!outside.empty()) {
    notes.push_back(core::str(outside.size(), " user(s) of the jobs have no ground truth in ",
                              graph_path.string(), " (user_id -1 or beyond its ", truth_users,
                              " users) and are not scored, e.g. '", *outside.begin(), "'"));
  }
  Users users;
  for (const std::int64_t id : ids) {
    const auto truth = graph::synth::read_user_truth(graph, id, id + 1);
    BenchUser user;
    user.id = id;
    for (int j = 0; j < 3; ++j) {
      if (truth.archetypes[j] < 0) continue;
      user.taste.archetypes.push_back(truth.archetypes[j]);
      user.taste.weights.push_back(truth.weights[j]);
    }
    std::copy_n(truth.style.begin(), graph::synth::kAestheticDims, user.taste.style.begin());
    const auto label = [](auto labels, std::int8_t code) {
      return code >= 0 && static_cast<std::size_t>(code) < labels.size()
                 ? std::string(labels[static_cast<std::size_t>(code)])
                 : core::str("code_", static_cast<int>(code));
    };
    user.demographics = {label(graph::synth::kAgeBands, truth.age_band[0]),
                         label(graph::synth::kGenders, truth.gender[0]),
                         label(graph::synth::kRegions, truth.region[0])};
    users.index[id] = users.list.size();
    users.list.push_back(std::move(user));
  }
  // Names come from the jobs (the graph's user names are not needed otherwise).
  for (const auto& image : images) {
    const auto it = users.index.find(image.job.user_id);
    if (it != users.index.end()) users.list[it->second].taste.user = image.job.user;
  }
  return users;
}

at::Tensor load_png(const fs::path& path) {
  generation::RgbImage image = generation::read_png(path);
  return at::from_blob(image.pixels.data(), {image.height, image.width, 3}, at::kByte).clone();
}

// Scores of one set of generated images against the users' references.
struct RunScores {
  std::vector<std::string> methods;                       // in order of first appearance
  std::map<std::string, std::vector<std::int64_t>> rows;  // method -> image rows
  std::map<std::string, std::map<std::size_t, std::vector<double>>> by_user;  // method -> user
  std::map<std::string, std::map<std::pair<std::size_t, std::int64_t>, double>> by_prompt;
  std::map<std::string, std::int64_t> unfinished;
};

RunScores score_run(const BenchImages& found, const at::Tensor& image_scores, const Users& users) {
  RunScores scores;
  const auto note_method = [&](const std::string& method) {
    if (std::find(scores.methods.begin(), scores.methods.end(), method) == scores.methods.end()) {
      scores.methods.push_back(method);
    }
  };
  const auto* s = image_scores.data_ptr<double>();
  for (std::size_t i = 0; i < found.images.size(); ++i) {
    const auto& job = found.images[i].job;
    const auto it = users.index.find(job.user_id);
    if (it == users.index.end()) continue;
    note_method(job.method);
    scores.rows[job.method].push_back(static_cast<std::int64_t>(i));
    scores.by_user[job.method][it->second].push_back(s[i]);
    scores.by_prompt[job.method][{it->second, job.prompt_index}] = s[i];
  }
  for (const auto& job : found.unfinished) {
    note_method(job.method);
    ++scores.unfinished[job.method];
  }
  return scores;
}

// The labels of demographic variable v (age, gender, region) in code order.
std::span<const std::string_view> category_labels(std::size_t v) {
  if (v == 0) return graph::synth::kAgeBands;
  if (v == 1) return graph::synth::kGenders;
  return graph::synth::kRegions;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// 100 (value - base) / |base|: the lift of a method, or the IPF change. nullopt when the base is
// within kPercentBaseMin points of zero, where a percentage says nothing (scores in the aesthetic
// space can be near 0 or negative).
std::optional<double> percent_change(double value, double base) {
  if (std::abs(base) < kPercentBaseMin) return std::nullopt;
  return 100.0 * (value - base) / std::abs(base);
}

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

// 100 x the mean cosine similarity of each image to its user's references: rows are unit-norm,
// so that is 100 x the dot product with the mean of the user's reference embeddings.
at::Tensor personalization_scores(const at::Tensor& embeddings,
                                  const std::vector<std::int64_t>& user_rows,
                                  const at::Tensor& reference_means) {
  const at::Tensor index = at::tensor(user_rows, at::kLong);
  return (embeddings.to(at::kDouble) * reference_means.index_select(0, index)).sum(1) * 100.0;
}

BootstrapOptions bootstrap_options(const BenchConfig& config, std::uint64_t seed,
                                   std::string_view what) {
  return {.resamples = config.bootstrap_resamples,
          .confidence = config.confidence,
          .seed = core::hash_text(what, seed)};
}

std::string persona_method(const RunScores& scores, const std::string& baseline) {
  for (const char* preferred : {"zipp-kshot", "zipp-0shot"}) {
    if (scores.by_user.count(preferred)) return preferred;
  }
  for (const auto& method : scores.methods) {
    if (method != baseline && scores.by_user.count(method)) return method;
  }
  return "";
}

}  // namespace

BenchReport run_bench(const BenchInputs& inputs, ImageEmbedder& embedder) {
  const auto start = std::chrono::steady_clock::now();
  const BenchConfig& config = inputs.config;
  BenchReport report;
  report.run_dir = inputs.run_dir.string();
  report.jobs = inputs.jobs.string();
  report.images = inputs.images.string();
  report.graph = inputs.graph.string();
  report.embedder = embedder.name();
  report.baseline = config.baseline;
  report.targets = config.targets;
  report.references_per_user = config.references;
  report.bootstrap_resamples = config.bootstrap_resamples;
  report.confidence = config.confidence;
  report.seed = inputs.seed;

  const BenchImages found = find_bench_images(inputs.jobs, inputs.images);
  if (found.images.empty()) {
    throw core::InputError(core::str(inputs.jobs.string(), ": none of its ",
                                     found.unfinished.size(), " jobs has a finished image in ",
                                     inputs.images.string(), "; run `zipp generate` first"));
  }
  if (!found.unfinished.empty()) {
    report.notes.push_back(core::str(found.unfinished.size(), " of ",
                                     found.unfinished.size() + found.images.size(),
                                     " jobs have no finished image and are not scored (run "
                                     "`zipp generate` again to finish them)"));
  }
  const auto graph = h5::File::open(inputs.graph, h5::Access::kRead);
  if (!graph::synth::has_truth(graph)) {
    throw core::InputError(core::str(
        inputs.graph.string(),
        ": no /truth group: ZIPBench-synth renders each user's references from the synthetic "
        "world's ground truth, so it needs a graph from `zipp graph synth`"));
  }
  const auto archetypes = graph::synth::read_archetypes(graph);
  const Users users = read_users(graph, inputs.graph, found.images, report.notes);
  if (users.list.empty()) {
    throw core::InputError(core::str(inputs.jobs.string(),
                                     ": no user of the finished images has ground truth in ",
                                     inputs.graph.string()));
  }
  const std::int64_t size = config.reference_size > 0
                                ? config.reference_size
                                : generation::read_png(found.images.front().path).height;
  report.reference_size = size;

  EmbeddingCache cache(inputs.output / core::str("embeddings-", embedder.name(), ".h5"),
                       embedder.name(), embedder.dim());
  EmbedCounts counts;
  const auto embed_generated = [&](const BenchImages& images, const std::string& what) {
    std::vector<EmbedItem> items;
    for (const auto& image : images.images) {
      items.push_back({"image:" + image.path.lexically_normal().string(), image.fingerprint,
                       [path = image.path] { return load_png(path); }});
    }
    return embed_items(items, embedder, cache, config.batch, what, &counts);
  };

  // References: `references` renders per user, rows user-major.
  std::vector<EmbedItem> reference_items;
  for (const auto& user : users.list) {
    const auto subjects = reference_subjects(user.taste, archetypes, config.references);
    for (std::size_t i = 0; i < subjects.size(); ++i) {
      reference_items.push_back({core::str("reference:", user.taste.user, "/", i),
                                 rendered_image_fingerprint(user.taste, subjects[i], size),
                                 [&taste = user.taste, subject = subjects[i], size] {
                                   return render_in_true_style(taste, subject, size);
                                 }});
    }
  }
  const at::Tensor references =
      embed_items(reference_items, embedder, cache, config.batch, "eval: references", &counts);
  const auto num_users = static_cast<std::int64_t>(users.list.size());
  at::Tensor reference_means =
      references.to(at::kDouble).view({num_users, config.references, -1}).mean(1);

  const auto user_rows_of = [&](const BenchImages& images) {
    std::vector<std::int64_t> rows;
    for (const auto& image : images.images) {
      const auto it = users.index.find(image.job.user_id);
      rows.push_back(it == users.index.end() ? 0 : static_cast<std::int64_t>(it->second));
    }
    return rows;
  };
  const at::Tensor generated = embed_generated(found, "eval: generated images");
  const RunScores scores = score_run(
      found, personalization_scores(generated, user_rows_of(found), reference_means), users);
  if (!scores.by_user.count(config.baseline)) {
    throw core::InputError(core::str(
        inputs.jobs.string(), ": the baseline method '", config.baseline,
        "' (eval.baseline) has no finished image; methods found: ", join(scores.methods)));
  }

  // Oracle-style: each (user, prompt) of the baseline's jobs, its base prompt rendered in the
  // user's true style.
  std::vector<EmbedItem> oracle_items;
  std::vector<std::pair<std::size_t, std::int64_t>> oracle_keys;
  for (const auto& image : found.images) {
    if (image.job.method != config.baseline) continue;
    const auto it = users.index.find(image.job.user_id);
    if (it == users.index.end()) continue;
    const TrueTaste& taste = users.list[it->second].taste;
    oracle_items.push_back({core::str("oracle:", taste.user, "/p", image.job.prompt_index),
                            rendered_image_fingerprint(taste, image.job.base_prompt, size),
                            [&taste, subject = image.job.base_prompt, size] {
                              return render_in_true_style(taste, subject, size);
                            }});
    oracle_keys.emplace_back(it->second, image.job.prompt_index);
  }
  const at::Tensor oracle =
      embed_items(oracle_items, embedder, cache, config.batch, "eval: oracle-style", &counts);
  cache.save();
  report.embedded = counts.embedded;
  report.cached = counts.cached;

  // Per user and method scores, in one table with the oracle's.
  std::vector<std::int64_t> oracle_user_rows;
  for (const auto& key : oracle_keys)
    oracle_user_rows.push_back(static_cast<std::int64_t>(key.first));
  const at::Tensor oracle_scores =
      personalization_scores(oracle, oracle_user_rows, reference_means);
  auto by_user = scores.by_user;
  auto by_prompt = scores.by_prompt;
  std::vector<std::string> methods = {config.baseline};
  for (const auto& method : scores.methods) {
    if (method != config.baseline) methods.push_back(method);
  }
  for (std::size_t i = 0; i < oracle_keys.size(); ++i) {
    const double s = oracle_scores[static_cast<std::int64_t>(i)].item<double>();
    by_user[kOracleStyleMethod][oracle_keys[i].first].push_back(s);
    by_prompt[kOracleStyleMethod][oracle_keys[i]] = s;
  }
  methods.push_back(kOracleStyleMethod);

  for (const auto& user : users.list) {
    UserResult row;
    row.user = user.taste.user;
    row.user_id = user.id;
    for (std::size_t v = 0; v < kDemographicVariables.size(); ++v) {
      row.demographics[std::string(kDemographicVariables[v])] = user.demographics[v];
    }
    report.users.push_back(std::move(row));
  }
  for (const auto& method : methods) {
    for (const auto& [user, values] : by_user[method]) {
      report.users[user].cs[method] = mean_of(values);
      report.users[user].images[method] = static_cast<std::int64_t>(values.size());
    }
  }

  std::optional<DemographicTable> demographics;
  if (!config.targets.empty()) {
    demographics = demographic_table(read_ipf_targets(config.targets), report.users);
    report.dropped_categories = demographics->dropped;
  }

  for (const auto& method : methods) {
    MethodResult result;
    result.method = method;
    result.rendered = method == kOracleStyleMethod;
    const auto& user_scores = by_user[method];
    std::vector<double> means;
    for (const auto& [user, values] : user_scores) means.push_back(mean_of(values));
    result.users = static_cast<std::int64_t>(means.size());
    for (const auto& [user, values] : user_scores)
      result.images += static_cast<std::int64_t>(values.size());
    result.unfinished = scores.unfinished.count(method) ? scores.unfinished.at(method) : 0;
    if (means.empty()) {
      report.notes.push_back(core::str("method '", method, "' has no scored image"));
      report.methods.push_back(std::move(result));
      continue;
    }
    result.cs = bootstrap_mean(means, bootstrap_options(config, inputs.seed, "cs/" + method));
    const at::Tensor method_embeddings =
        result.rendered ? oracle
                        : generated.index_select(0, at::tensor(scores.rows.at(method), at::kLong));
    result.cmmd = cmmd(method_embeddings, references, {.block_rows = config.cmmd_block}).value;

    if (demographics) {
      // Users without an image of this method are left out of its raking.
      bool complete = static_cast<std::int64_t>(means.size()) == num_users;
      if (complete) {
        try {
          result.demographic = demographic_score(*demographics, means);
        } catch (const core::InputError& e) {
          report.notes.push_back(core::str("IPF for '", method, "' failed: ", e.what()));
        }
      } else {
        report.notes.push_back(core::str("IPF for '", method, "' skipped: ", means.size(), " of ",
                                         num_users, " users have its images"));
      }
    }
    if (method != config.baseline) {
      std::vector<double> a;
      std::vector<double> b;
      for (const auto& [user, values] : user_scores) {
        const auto base = by_user[config.baseline].find(user);
        if (base == by_user[config.baseline].end()) continue;
        a.push_back(mean_of(values));
        b.push_back(mean_of(base->second));
      }
      if (!a.empty()) {
        result.cs_vs_baseline = bootstrap_paired_difference(
            a, b, bootstrap_options(config, inputs.seed, "diff/" + method));
        result.lift_percent = percent_change(mean_of(a), mean_of(b));
      }
      std::vector<Outcome> outcomes;
      for (const auto& [key, s] : by_prompt[method]) {
        const auto base = by_prompt[config.baseline].find(key);
        if (base == by_prompt[config.baseline].end()) continue;
        outcomes.push_back(s > base->second   ? Outcome::kWin
                           : s < base->second ? Outcome::kLoss
                                              : Outcome::kTie);
      }
      if (!outcomes.empty()) {
        result.wins_vs_baseline =
            win_rate(outcomes, bootstrap_options(config, inputs.seed, "wins/" + method));
      }
    }
    report.methods.push_back(std::move(result));
  }

  // Scores per demographic group, categories in code order.
  for (std::size_t v = 0; v < kDemographicVariables.size(); ++v) {
    std::map<std::string, std::vector<std::size_t>> members;
    std::vector<std::string> order;
    for (std::size_t u = 0; u < users.list.size(); ++u) {
      const auto& category = users.list[u].demographics[v];
      if (!members.count(category)) order.push_back(category);
      members[category].push_back(u);
    }
    const auto labels = category_labels(v);
    const auto rank = [&](const std::string& c) {
      return std::find(labels.begin(), labels.end(), c) - labels.begin();
    };
    std::sort(order.begin(), order.end(),
              [&](const std::string& x, const std::string& y) { return rank(x) < rank(y); });
    for (const auto& category : order) {
      GroupResult group;
      group.variable = std::string(kDemographicVariables[v]);
      group.category = category;
      group.users = static_cast<std::int64_t>(members[category].size());
      for (const auto& method : methods) {
        std::vector<double> values;
        for (const std::size_t u : members[category]) {
          const auto it = report.users[u].cs.find(method);
          if (it != report.users[u].cs.end()) values.push_back(it->second);
        }
        if (!values.empty()) group.cs[method] = mean_of(values);
      }
      report.groups.push_back(std::move(group));
    }
  }

  if (const auto posting = read_final_metrics(inputs.run_dir / "metrics.jsonl")) {
    report.posting = PostingAccuracy{posting->acc_at_1, posting->acc_at_10, posting->mrr,
                                     posting->queries, posting->encoder};
  }

  // The encoder ablation: this run, then every other run, each scored the same way.
  if (!config.ablation_runs.empty()) {
    const auto ablation_row = [&](const std::string& dir, const RunScores& run) {
      AblationResult row;
      row.run_dir = dir;
      if (const auto posting = read_final_metrics(fs::path(dir) / "metrics.jsonl")) {
        row.encoder = posting->encoder;
        row.posting_acc_at_1 = posting->acc_at_1;
        row.posting_mrr = posting->mrr;
      } else {
        row.encoder = "(no final line in metrics.jsonl)";
      }
      row.method = persona_method(run, config.baseline);
      const auto cs_of = [&](const std::string& method) -> std::optional<double> {
        const auto it = run.by_user.find(method);
        if (it == run.by_user.end()) return std::nullopt;
        std::vector<double> means;
        for (const auto& [user, values] : it->second) means.push_back(mean_of(values));
        return mean_of(means);
      };
      row.cs_baseline = cs_of(config.baseline);
      if (!row.method.empty()) row.cs_method = cs_of(row.method);
      if (row.cs_baseline && row.cs_method) {
        row.cs_difference = *row.cs_method - *row.cs_baseline;
        row.lift_percent = percent_change(*row.cs_method, *row.cs_baseline);
      }
      return row;
    };
    report.ablation.push_back(ablation_row(inputs.run_dir.string(), scores));
    for (const auto& dir : config.ablation_runs) {
      const BenchImages other =
          find_bench_images(fs::path(dir) / "jobs.jsonl", fs::path(dir) / "images");
      const at::Tensor embedded = embed_generated(other, "eval: ablation run " + dir);
      std::int64_t outside = 0;
      for (const auto& image : other.images)
        outside += users.index.count(image.job.user_id) ? 0 : 1;
      if (outside > 0) {
        report.notes.push_back(core::str("ablation run ", dir, ": ", outside,
                                         " images of users outside this benchmark are not scored"));
      }
      report.ablation.push_back(ablation_row(
          dir,
          score_run(other, personalization_scores(embedded, user_rows_of(other), reference_means),
                    users)));
    }
    cache.save();
    report.embedded = counts.embedded;
    report.cached = counts.cached;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace zipp::eval
