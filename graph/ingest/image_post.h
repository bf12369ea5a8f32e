// Which Pushshift submissions are image posts, whose titles feed the users' alignment vectors
// (method.md §1 "visual behaviour"): post_hint "image", or a url on Reddit's or Imgur's image
// hosts, or a url whose path names an image file.
#pragma once

#include <string_view>

namespace zipp::graph {

// post_hint == "image"; or the url's host is i.redd.it or i.imgur.com; or the url's path (before
// any '?' or '#') ends in .jpg, .jpeg, .png, .gif or .webp. Hosts and extensions ignore case.
bool is_image_post(std::string_view post_hint, std::string_view url);

}  // namespace zipp::graph
