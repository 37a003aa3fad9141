# alinea_target_sanitizers(<target>): ASan + UBSan when ALINEA_SANITIZE is on, failing hard
# on the first finding.
function(alinea_target_sanitizers target)
  if(ALINEA_SANITIZE)
    set(flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_compile_options(${target} PRIVATE ${flags})
    target_link_options(${target} PRIVATE ${flags})
  endif()
endfunction()
