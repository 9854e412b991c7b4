// Live running total on the ballot: what is left to spend (or how many points are left, or how
// many projects are chosen) as the voter fills it in. The ballot works without it; the server
// checks every ballot again.
const form = document.querySelector('form.commons-ballot')
const out = form && form.querySelector('.commons-ballot-total')
if (form && out) {
  const format = form.dataset.format
  const pounds = (pence) => '£' + (pence / 100).toLocaleString('en-GB', { minimumFractionDigits: pence % 100 ? 2 : 0, maximumFractionDigits: 2 })
  const update = () => {
    let over = false
    if (format === 'approval_budget') {
      let spent = 0
      for (const box of form.querySelectorAll('input[name="choice"]:checked')) spent += Number(box.dataset.cost)
      const left = Number(form.dataset.budget) - spent
      over = left < 0
      out.textContent = over ? out.dataset.over.replace('{over}', pounds(-left)) : out.dataset.left.replace('{left}', pounds(left))
    } else if (format === 'cumulative') {
      let given = 0
      for (const input of form.querySelectorAll('input[data-cost]')) given += Math.max(0, Number.parseInt(input.value, 10) || 0)
      const left = Number(out.dataset.points) - given
      over = left < 0
      out.textContent = over ? out.dataset.pointsOver.replace('{over}', String(-left)) : out.dataset.pointsLeft.replace('{left}', String(left))
    } else {
      const n = form.querySelectorAll('input[name="choice"]:checked').length
      over = n > Number(out.dataset.max)
      out.textContent = out.dataset.chosen.replace('{n}', String(n))
    }
    out.classList.toggle('govuk-error-message', over)
  }
  form.addEventListener('input', update)
  form.addEventListener('change', update)
  out.hidden = false
  update()
}
