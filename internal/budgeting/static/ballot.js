// Live running total on the ballot: what is left to spend as projects are ticked. The ballot works
// without it; the server checks every ballot again.
const form = document.querySelector('form.commons-ballot[data-format="approval_budget"]')
const out = form && form.querySelector('.commons-ballot-total')
if (form && out) {
  const budget = Number(form.dataset.budget)
  const pounds = (pence) => '£' + (pence / 100).toLocaleString('en-GB', { minimumFractionDigits: pence % 100 ? 2 : 0, maximumFractionDigits: 2 })
  const update = () => {
    let spent = 0
    for (const box of form.querySelectorAll('input[name="choice"]:checked')) spent += Number(box.dataset.cost)
    const left = budget - spent
    out.textContent = left >= 0 ? out.dataset.left.replace('{left}', pounds(left)) : out.dataset.over.replace('{over}', pounds(-left))
    out.classList.toggle('govuk-error-message', left < 0)
  }
  form.addEventListener('change', update)
  out.hidden = false
  update()
}
