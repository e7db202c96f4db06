// The responsive header of Det Fælles Designsystem: below its lg breakpoint the main menu and the user's
// name and "Log af" move into the drawer that the Menu button opens (focus kept inside, Escape closes).
// Only the navigation is started, not every DKFDS component, since the portal uses no others' scripts.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && document.querySelector(".js-menu-open")) {
    new window.DKFDS.Navigation().init();
  }
});
