// Planted for arch.format_detects_a_diff: not formatted.
int   f( int a ){return a ;}
