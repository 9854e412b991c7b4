// Co-production: before a paper is sent, say at once if the file is larger than the server
// accepts, rather than after the upload. The server checks again; without JavaScript it says so
// after the upload.
(function () {
  'use strict'
  document.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    var form = input.form
    var max = parseInt(input.getAttribute('data-max-bytes'), 10)
    var message = input.getAttribute('data-too-large')
    form.addEventListener('submit', function (e) {
      var file = input.files && input.files[0]
      input.setCustomValidity('')
      if (file && file.size > max) {
        e.preventDefault()
        input.setCustomValidity(message)
        input.reportValidity()
      }
    })
    input.addEventListener('change', function () { input.setCustomValidity('') })
  })
})()
