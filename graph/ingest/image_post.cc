#include "graph/ingest/image_post.h"

#include <array>
#include <cctype>

namespace zipp::graph {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view lower_suffix) {
  return text.size() >= lower_suffix.size() &&
         equals_ignoring_case(text.substr(text.size() - lower_suffix.size()), lower_suffix);
}

}  // namespace

bool is_image_post(std::string_view post_hint, std::string_view url) {
  if (post_hint == "image") return true;
  if (url.empty()) return false;
  const std::size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  const std::size_t fragment = rest.find_first_of("?#");
  if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
  const std::size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  const std::size_t port = host.find(':');
  if (port != std::string_view::npos) host = host.substr(0, port);
  if (equals_ignoring_case(host, "i.redd.it") || equals_ignoring_case(host, "i.imgur.com")) {
    return true;
  }
  if (slash == std::string_view::npos) return false;
  const std::string_view path = rest.substr(slash);
  constexpr std::array<std::string_view, 5> kImageExtensions = {".jpg", ".jpeg", ".png", ".gif",
                                                                ".webp"};
  for (const std::string_view extension : kImageExtensions) {
    if (ends_with_ignoring_case(path, extension)) return true;
  }
  return false;
}

}  // namespace zipp::graph
