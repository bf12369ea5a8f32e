// The taste-free hubs of the synthetic world: subreddits such as AskReddit, funny or news that
// users of every archetype visit and whose content says nothing about visual taste. Each topic
// lends its words to hub names and descriptions; hubs carry archetype id -1 in the ground truth.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace zipp::graph::synth {

struct HubTopic {
  std::string name;                    // "questions"
  std::vector<std::string> stems;      // CamelCase pieces of names: "Ask", "Questions"
  std::vector<std::string> interests;  // words for descriptions
};

// The builtin topics in a fixed order; hub i of a world takes topic i modulo their count.
std::span<const HubTopic> builtin_hub_topics();

}  // namespace zipp::graph::synth
