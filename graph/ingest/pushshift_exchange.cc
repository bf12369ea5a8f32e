#include "graph/ingest/pushshift_exchange.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/check.h"
#include "core/comm/control.h"
#include "core/random/hash.h"
#include "graph/ingest/byte_buffer.h"

namespace zipp::graph {
namespace {

using core::comm::Communicator;

// Step 1: the sorted union of every rank's subreddit names.
std::vector<std::string> global_subreddits(const Communicator& comm, const NameTable& local) {
  ByteWriter writer;
  for (std::uint32_t id = 0; id < local.size(); ++id) writer.put_text(local.name(id));
  const std::vector<std::string> gathered = core::comm::allgather_strings(comm, writer.bytes());
  std::vector<std::string_view> names;
  for (const std::string& bytes : gathered) {
    ByteReader reader(bytes);
    while (!reader.done()) names.push_back(reader.get_text());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return {names.begin(), names.end()};
}

std::uint32_t global_id(const std::vector<std::string>& global, std::string_view name) {
  const auto it = std::lower_bound(global.begin(), global.end(), name);
  ZIPP_ASSERT(it != global.end() && *it == name, "subreddit ", core::quoted(name),
              " missing from the global list");
  return static_cast<std::uint32_t>(it - global.begin());
}

// Travels as raw bytes in the exchange buffers (every rank runs the same build).
struct PairRecord {
  std::uint32_t subreddit = 0;
  std::uint32_t unused = 0;
  std::int64_t posts = 0;
  std::int64_t comments = 0;
};
static_assert(sizeof(PairRecord) == 24);

// Pairs grouped by user id: begin[u] .. begin[u + 1] index into the result. Subreddit ids are
// mapped through subreddit_ids when given.
std::vector<PairRecord> pairs_by_user(const PairCounts& pairs, std::size_t num_users,
                                      const std::vector<std::uint32_t>* subreddit_ids,
                                      std::vector<std::size_t>& begin) {
  begin.assign(num_users + 1, 0);
  pairs.for_each([&](const PairCounts::Entry& entry) { ++begin[entry.user() + 1]; });
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
  std::vector<PairRecord> out(pairs.size());
  pairs.for_each([&](const PairCounts::Entry& entry) {
    const std::uint32_t subreddit =
        subreddit_ids == nullptr ? entry.subreddit() : (*subreddit_ids)[entry.subreddit()];
    out[next[entry.user()]++] = PairRecord{subreddit, 0, entry.posts, entry.comments};
  });
  return out;
}

std::size_t packed_size(std::string_view name, std::size_t num_pairs,
                        const std::vector<ImageTitle>* titles) {
  std::size_t bytes = 12 + name.size() + num_pairs * sizeof(PairRecord);
  if (titles != nullptr) {
    for (const ImageTitle& title : *titles) bytes += 16 + title.text.size();
  }
  return bytes;
}

void put_user(ByteWriter& writer, std::string_view name, const PairRecord* pairs,
              std::size_t num_pairs, const std::vector<ImageTitle>* titles) {
  writer.put_text(name);
  writer.put<std::uint32_t>(static_cast<std::uint32_t>(num_pairs));
  writer.put_array(pairs, num_pairs);
  const std::size_t num_titles = titles == nullptr ? 0 : titles->size();
  writer.put<std::uint32_t>(static_cast<std::uint32_t>(num_titles));
  for (std::size_t i = 0; i < num_titles; ++i) {
    writer.put<std::uint32_t>((*titles)[i].file);
    writer.put<std::uint64_t>((*titles)[i].offset);
    writer.put_text((*titles)[i].text);
  }
}

// Step 2: every local user's counts and titles, packed for the rank that owns the user.
std::vector<std::string> pack_for_owners(const Communicator& comm, LocalAggregate& local,
                                         const std::vector<std::uint32_t>& subreddit_ids,
                                         std::int64_t max_titles) {
  std::vector<std::size_t> begin;
  const std::vector<PairRecord> pairs =
      pairs_by_user(local.pairs(), local.users().size(), &subreddit_ids, begin);
  // Users with their owners, sized first so every buffer is allocated once.
  struct Packed {
    std::uint32_t user;
    std::uint32_t owner;
    const std::vector<ImageTitle>* titles;
  };
  std::vector<Packed> users;
  std::vector<std::size_t> sizes(static_cast<std::size_t>(comm.size()), 0);
  for (std::uint32_t user = 0; user < local.users().size(); ++user) {
    const std::size_t num_pairs = begin[user + 1] - begin[user];
    if (num_pairs == 0) continue;  // every record of this user was filtered out
    const std::string_view name = local.users().name(user);
    const auto owner = static_cast<std::uint32_t>(core::hash_text(name) % comm.size());
    const auto titles = local.titles().find(user);
    const std::vector<ImageTitle>* user_titles = nullptr;
    if (titles != local.titles().end()) {
      keep_first_titles(titles->second, max_titles);
      user_titles = &titles->second;
    }
    users.push_back(Packed{user, owner, user_titles});
    sizes[owner] += packed_size(name, num_pairs, user_titles);
  }
  std::vector<ByteWriter> writers(static_cast<std::size_t>(comm.size()));
  for (std::size_t r = 0; r < writers.size(); ++r) writers[r].reserve(sizes[r]);
  for (const Packed& packed : users) {
    const std::uint32_t user = packed.user;
    put_user(writers[packed.owner], local.users().name(user), pairs.data() + begin[user],
             begin[user + 1] - begin[user], packed.titles);
  }
  std::vector<std::string> out;
  for (ByteWriter& writer : writers) out.push_back(std::move(writer.bytes()));
  return out;
}

// The users this rank owns, with complete counts (keyed by global subreddit id) and titles.
struct OwnedUsers {
  NameTable users;
  PairCounts pairs;
  std::unordered_map<std::uint32_t, std::vector<ImageTitle>> titles;
};

void merge_received(const std::vector<std::string>& received, std::int64_t max_titles,
                    OwnedUsers& owned) {
  std::vector<PairRecord> pairs;
  for (const std::string& bytes : received) {
    ByteReader reader(bytes);
    while (!reader.done()) {
      const std::uint32_t user = owned.users.intern(reader.get_text()).first;
      pairs.clear();
      reader.get_array<PairRecord>(reader.get<std::uint32_t>(), pairs);
      for (const PairRecord& pair : pairs) {
        PairCounts::Entry& entry = owned.pairs.at(user, pair.subreddit);
        entry.posts += pair.posts;
        entry.comments += pair.comments;
      }
      const auto num_titles = reader.get<std::uint32_t>();
      for (std::uint32_t i = 0; i < num_titles; ++i) {
        ImageTitle title;
        title.file = reader.get<std::uint32_t>();
        title.offset = reader.get<std::uint64_t>();
        title.text = std::string(reader.get_text());
        owned.titles[user].push_back(std::move(title));
      }
    }
  }
  for (auto& [user, titles] : owned.titles) keep_first_titles(titles, max_titles);
}

// Gathers byte buffers of any size on rank 0, in rounds that keep under MPI's int counts. Rank
// 0's own buffer is moved, not sent.
std::vector<std::string> gather_bytes(const Communicator& comm, std::string local) {
  const bool root = comm.rank() == 0;
  const std::int64_t chunk = std::max<std::int64_t>(1, (std::int64_t{1} << 30) / comm.size());
  const auto length = root ? std::int64_t{0} : static_cast<std::int64_t>(local.size());
  const std::int64_t rounds =
      core::comm::allreduce_max_ints(comm, {(length + chunk - 1) / chunk})[0];
  std::vector<std::string> out(root ? comm.size() : 0);
  for (std::int64_t round = 0; round < rounds; ++round) {
    const std::int64_t start = std::min(round * chunk, length);
    const std::string part = local.substr(
        static_cast<std::size_t>(start), static_cast<std::size_t>(std::min(chunk, length - start)));
    const std::vector<std::string> parts = core::comm::gather_strings(comm, part, 0);
    for (std::size_t r = 0; r < parts.size(); ++r) out[r] += parts[r];
  }
  if (root) out[0] = std::move(local);
  return out;
}

std::int32_t as_count(std::int64_t value, std::string_view user, std::string_view subreddit,
                      const char* what) {
  ZIPP_CHECK_T(core::InputError, value <= std::numeric_limits<std::int32_t>::max(), "user ",
               core::quoted(user), " has ", value, " ", what, " in subreddit ",
               core::quoted(subreddit), ": more than a 32-bit count holds");
  return static_cast<std::int32_t>(value);
}

// Step 4 on rank 0: users sorted by name, pairs by subreddit id. Users are indexed where they
// lie in the gathered buffers, then decoded once in name order.
EdgeTable build_table(const std::vector<std::string>& gathered,
                      const std::vector<std::string>& subreddits) {
  struct UserAt {
    std::string_view name;
    std::size_t buffer;
    std::size_t offset;  // of the user's pair count
  };
  std::vector<UserAt> users;
  std::vector<PairRecord> pairs;
  for (std::size_t b = 0; b < gathered.size(); ++b) {
    ByteReader reader(gathered[b]);
    while (!reader.done()) {
      const std::string_view name = reader.get_text();
      users.push_back(UserAt{name, b, reader.offset()});
      pairs.clear();
      reader.get_array<PairRecord>(reader.get<std::uint32_t>(), pairs);
      const auto num_titles = reader.get<std::uint32_t>();
      for (std::uint32_t i = 0; i < num_titles; ++i) {
        reader.get<std::uint32_t>();
        reader.get<std::uint64_t>();
        reader.get_text();
      }
    }
  }
  std::sort(users.begin(), users.end(),
            [](const UserAt& a, const UserAt& b) { return a.name < b.name; });
  EdgeTable table;
  table.subreddits = subreddits;
  table.users.reserve(users.size());
  for (std::size_t u = 0; u < users.size(); ++u) {
    const UserAt& user = users[u];
    ZIPP_ASSERT(u == 0 || users[u - 1].name != user.name, "user ", core::quoted(user.name),
                " owned by two ranks");
    table.users.emplace_back(user.name);
    ByteReader reader{std::string_view(gathered[user.buffer]).substr(user.offset)};
    pairs.clear();
    reader.get_array<PairRecord>(reader.get<std::uint32_t>(), pairs);
    std::sort(pairs.begin(), pairs.end(),
              [](const PairRecord& a, const PairRecord& b) { return a.subreddit < b.subreddit; });
    for (const PairRecord& pair : pairs) {
      const std::string_view subreddit = subreddits[pair.subreddit];
      table.interactions.push_back(
          Interaction{static_cast<std::int64_t>(u), static_cast<std::int64_t>(pair.subreddit),
                      as_count(pair.posts, user.name, subreddit, "posts"),
                      as_count(pair.comments, user.name, subreddit, "comments")});
    }
    const auto num_titles = reader.get<std::uint32_t>();
    if (num_titles == 0) continue;
    std::vector<std::string>& titles = table.image_titles[static_cast<std::int64_t>(u)];
    for (std::uint32_t i = 0; i < num_titles; ++i) {
      reader.get<std::uint32_t>();
      reader.get<std::uint64_t>();
      titles.emplace_back(reader.get_text());
    }
  }
  return table;
}

}  // namespace

EdgeTable assemble_edge_table(const Communicator& comm, LocalAggregate&& local,
                              const PushshiftOptions& options, AssemblyStats& stats) {
  const std::vector<std::string> subreddits = global_subreddits(comm, local.subreddits());
  std::vector<std::string> packed;
  {
    LocalAggregate consumed = std::move(local);
    std::vector<std::uint32_t> subreddit_ids(consumed.subreddits().size());
    for (std::uint32_t id = 0; id < subreddit_ids.size(); ++id) {
      subreddit_ids[id] = global_id(subreddits, consumed.subreddits().name(id));
    }
    packed = pack_for_owners(comm, consumed, subreddit_ids, options.max_titles_per_user);
  }
  OwnedUsers owned;
  merge_received(core::comm::alltoallv_bytes(comm, std::move(packed)), options.max_titles_per_user,
                 owned);

  // Step 3: per-user minimum on the owners, then the per-subreddit one over global totals.
  std::vector<std::int64_t> user_totals(owned.users.size(), 0);
  owned.pairs.for_each([&](const PairCounts::Entry& entry) {
    user_totals[entry.user()] += entry.posts + entry.comments;
  });
  std::int64_t users_dropped = 0;
  std::vector<bool> user_kept(owned.users.size());
  for (std::size_t u = 0; u < user_totals.size(); ++u) {
    user_kept[u] = user_totals[u] >= options.min_user_interactions;
    users_dropped += user_kept[u] ? 0 : 1;
  }
  std::vector<std::int64_t> subreddit_totals(subreddits.size(), 0);
  owned.pairs.for_each([&](const PairCounts::Entry& entry) {
    if (user_kept[entry.user()])
      subreddit_totals[entry.subreddit()] += entry.posts + entry.comments;
  });
  subreddit_totals = core::comm::allreduce_sum_ints(comm, std::move(subreddit_totals));
  const std::int64_t min_subreddit = std::max<std::int64_t>(1, options.min_subreddit_interactions);
  std::vector<std::int64_t> final_id(subreddits.size(), -1);
  std::vector<std::string> kept_subreddits;
  std::int64_t subreddits_before = 0;
  for (std::size_t s = 0; s < subreddits.size(); ++s) {
    subreddits_before += subreddit_totals[s] > 0 ? 1 : 0;
    if (subreddit_totals[s] < min_subreddit) continue;
    final_id[s] = static_cast<std::int64_t>(kept_subreddits.size());
    kept_subreddits.push_back(subreddits[s]);
  }

  // Step 4: the remaining users and their pairs in the remaining subreddits, to rank 0.
  std::vector<std::size_t> begin;
  const std::vector<PairRecord> pairs =
      pairs_by_user(owned.pairs, owned.users.size(), nullptr, begin);
  ByteWriter writer;
  writer.reserve(static_cast<std::size_t>(16 * owned.users.size()) +
                 pairs.size() * sizeof(PairRecord));
  std::int64_t users_kept = 0;
  std::int64_t pairs_kept = 0;
  std::int64_t titles_kept = 0;
  std::vector<PairRecord> kept;
  for (std::uint32_t user = 0; user < owned.users.size(); ++user) {
    if (!user_kept[user]) continue;
    kept.clear();
    for (std::size_t i = begin[user]; i < begin[user + 1]; ++i) {
      if (final_id[pairs[i].subreddit] < 0) continue;
      kept.push_back(pairs[i]);
      kept.back().subreddit = static_cast<std::uint32_t>(final_id[pairs[i].subreddit]);
    }
    if (kept.empty()) continue;
    const auto titles = owned.titles.find(user);
    const std::vector<ImageTitle>* user_titles =
        titles == owned.titles.end() ? nullptr : &titles->second;
    put_user(writer, owned.users.name(user), kept.data(), kept.size(), user_titles);
    ++users_kept;
    pairs_kept += static_cast<std::int64_t>(kept.size());
    titles_kept += user_titles == nullptr ? 0 : static_cast<std::int64_t>(user_titles->size());
  }
  const std::vector<std::int64_t> sums =
      core::comm::allreduce_sum_ints(comm, {static_cast<std::int64_t>(owned.users.size()),
                                            users_dropped, users_kept, pairs_kept, titles_kept});
  stats.users_before_min = sums[0];
  stats.users_dropped_min = sums[1];
  stats.users_kept = sums[2];
  stats.pairs = sums[3];
  stats.titles_kept = sums[4];
  stats.subreddits_before_min = subreddits_before;
  stats.subreddits_kept = static_cast<std::int64_t>(kept_subreddits.size());
  stats.subreddits_dropped_min = subreddits_before - stats.subreddits_kept;

  const std::vector<std::string> gathered = gather_bytes(comm, std::move(writer.bytes()));
  if (comm.rank() != 0) return {};
  return build_table(gathered, kept_subreddits);
}

}  // namespace zipp::graph
